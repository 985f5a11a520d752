const path = require('node:path')
const { getDefaultConfig, mergeConfig } = require('@react-native/metro-config')

/*
 * Metro inside this repository, where `@rootlodge/reality` is linked from ../../packages/reality (its build).
 * Metro only sees watched folders: it watches that package and the one dependency it takes from the root
 * (zod), but not the root's React, so the client's `require('react')` falls through to this app's React and
 * the bundle holds one React. An app that installs `@rootlodge/reality` from npm needs none of this.
 */
const repository = path.resolve(__dirname, '../..')

module.exports = mergeConfig(getDefaultConfig(__dirname), {
  watchFolders: [path.join(repository, 'packages/reality'), path.join(repository, 'node_modules/zod')],
  resolver: {
    nodeModulesPaths: [path.join(__dirname, 'node_modules')],
  },
})
