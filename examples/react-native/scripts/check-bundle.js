/*
 * Bundles the app with Metro as a release build for Android would (`react-native bundle`), then reads the source
 * map to check what went in: the Reality client's `native` and `react` entries, exactly one React (this app's),
 * and nothing else from the repository root. `npm run check:bundle`; exits 1 on a failed check.
 */
const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')
const Metro = require('metro')

const app = path.resolve(__dirname, '..')
const repository = path.resolve(app, '../..')

const build = async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'reality-rn-bundle-'))
  const out = path.join(dir, 'app.js')
  const loaded = await Metro.loadConfig({ cwd: app, config: path.join(app, 'metro.config.js') })
  // Metro's terminal reporter draws a banner and progress bars: keep the CI log to the summary below.
  const config = Metro.mergeConfig(loaded, { reporter: { update: () => {} } })
  await Metro.runBuild(config, {
    entry: 'index.js',
    platform: 'android',
    dev: false,
    minify: true,
    sourceMap: true,
    sourceMapUrl: 'app.map',
    out,
  })
  const { sources } = JSON.parse(fs.readFileSync(path.join(dir, 'app.map'), 'utf8'))
  const bytes = fs.statSync(out).size
  fs.rmSync(dir, { recursive: true, force: true })
  return { sources, bytes }
}

const main = async () => {
  const { sources, bytes } = await build()
  const reality = path.join(repository, 'packages/reality/dist')
  const reacts = sources.filter((source) => source.endsWith(path.join(`${path.sep}node_modules`, 'react', 'index.js')))
  const fromRoot = sources.filter(
    (source) =>
      source.startsWith(path.join(repository, 'node_modules')) && !source.includes(`${path.sep}zod${path.sep}`),
  )
  const checks = [
    ['the native wiring is bundled', sources.includes(path.join(reality, 'native/index.js'))],
    ['the React hooks are bundled', sources.includes(path.join(reality, 'react/index.js'))],
    ['one React, the app’s own', reacts.length === 1 && reacts[0] === path.join(app, 'node_modules/react/index.js')],
    ['nothing else from the repository root', fromRoot.length === 0],
  ]
  for (const [name, ok] of checks) console.log(`${ok ? 'ok  ' : 'FAIL'} ${name}`)
  if (reacts.length !== 1) console.log(`React copies: ${reacts.join(', ')}`)
  if (fromRoot.length) console.log(`from the root: ${fromRoot.slice(0, 10).join(', ')}`)
  const failed = checks.filter(([, ok]) => !ok).length
  console.log(`Metro bundle (android, release): ${sources.length} modules, ${Math.round(bytes / 1024)} KiB`)
  console.log(`${checks.length - failed} passed, ${failed} failed`)
  process.exitCode = failed ? 1 : 0
}

main().catch((error) => {
  console.error(error)
  process.exitCode = 1
})
