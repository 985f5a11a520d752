import { readFileSync } from 'node:fs'
import { arch, cpus, loadavg, platform, release, totalmem } from 'node:os'

/** Resident set size of process `pid` in MiB, from /proc (Linux); NaN where there is no /proc. */
export const rssMiB = (pid) => {
  try {
    const line = readFileSync(`/proc/${pid}/status`, 'utf8')
      .split('\n')
      .find((l) => l.startsWith('VmRSS:'))
    return Number(line?.split(/\s+/)[1]) / 1024
  } catch {
    return Number.NaN
  }
}

/** The 1, 5 and 15 minute load averages, two decimals. */
export const load = () => loadavg().map((value) => Number(value.toFixed(2)))

const packageVersion = (path) => JSON.parse(readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8')).version

/** What a result file records about where and with what it ran. */
export const machine = () => ({
  date: new Date().toISOString(),
  cpu: cpus()[0]?.model ?? 'unknown',
  cpus: cpus().length,
  memoryGiB: Number((totalmem() / 2 ** 30).toFixed(1)),
  os: `${platform()} ${release()} ${arch()}`,
  node: process.version,
  realityServer: packageVersion('packages/reality-server/package.json'),
  reality: packageVersion('packages/reality/package.json'),
})
