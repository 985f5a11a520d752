import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { availableParallelism, cpus, loadavg, release, totalmem } from 'node:os'
import { fileURLToPath } from 'node:url'

/** Where every part writes its results file, and where the charts read them from. */
export const RESULTS_DIR = fileURLToPath(new URL('../results/', import.meta.url))
const ROOT = new URL('../../', import.meta.url)

const versionAt = (path) => {
  try {
    return JSON.parse(readFileSync(new URL(path, ROOT), 'utf8')).version
  } catch {
    return undefined
  }
}

/** Versions of everything a comparison may run: ours, the alternatives, and the runtime. */
const versions = () => ({
  node: process.version,
  '@rootlodge/reality': versionAt('packages/reality/package.json'),
  '@rootlodge/reality-server': versionAt('packages/reality-server/package.json'),
  '@rootlodge/reality-server (old)': versionAt('node_modules/reality-server-v122/package.json'),
  ws: versionAt('node_modules/ws/package.json'),
  'socket.io': versionAt('node_modules/socket.io/package.json'),
  'socket.io-client': versionAt('node_modules/socket.io-client/package.json'),
  autocannon: versionAt('node_modules/autocannon/package.json'),
})

const round2 = (value) => Math.round(value * 100) / 100

/** The machine a run happened on, with its 1-minute load average (other work moves CPU figures, not RSS). */
export const machine = () => ({
  cpu: cpus()[0]?.model ?? 'unknown',
  cpus: availableParallelism(),
  memoryGB: round2(totalmem() / 2 ** 30),
  os: `${process.platform} ${release()}`,
  loadAverage: round2(loadavg()[0]),
})

/**
 * Starts a results record for part `name`: call `save(data)` once measured. The record holds the date, the
 * machine (load average at the start and at the end), the versions, the options and the part's own figures.
 */
export const startResults = (name, options) => {
  const started = { date: new Date().toISOString(), machine: machine() }
  return {
    save(data) {
      const record = {
        part: name,
        date: started.date,
        machine: { ...started.machine, loadAverageAtEnd: machine().loadAverage },
        versions: versions(),
        options,
        ...data,
      }
      mkdirSync(RESULTS_DIR, { recursive: true })
      const file = `${RESULTS_DIR}${name}.json`
      writeFileSync(file, `${JSON.stringify(record, null, 2)}\n`)
      console.log(`\nwrote ${file}`)
      return record
    },
  }
}
