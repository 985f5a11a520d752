const path = require('node:path')

/*
 * Jest with React Native's own preset: its babel-jest transform, native-module mocks and test environment.
 * `@rootlodge/reality` and `@rootlodge/reality-server` are linked from ../../packages (their builds), so their
 * `require('react')` would find the repository root's React: every React import is pointed at this app's copy,
 * so the hooks and the renderer share one React.
 */
const react = path.join(__dirname, 'node_modules', 'react')

module.exports = {
  preset: '@react-native/jest-preset',
  testMatch: ['<rootDir>/test/**/*.spec.{ts,tsx}'],
  moduleNameMapper: {
    '^react$': react,
    '^react/(.*)$': `${react}/$1`,
  },
  // The tests talk to a real server over HTTP, and the first one also pays for babel-transforming React Native
  // lazily on a cold cache: 49 s was seen on a loaded 2-core machine (4 s warm).
  testTimeout: 120_000,
}
