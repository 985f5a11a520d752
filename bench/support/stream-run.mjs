import { fileURLToPath } from 'node:url'
import { start, stop } from './processes.mjs'

const SERVER = fileURLToPath(new URL('./stream-server.mjs', import.meta.url))
const CLIENTS = fileURLToPath(new URL('./stream-clients.mjs', import.meta.url))

/**
 * One system through one update-stream scenario: a fresh server process (CPU 1 when pinning) and the simulated
 * clients in another (CPU 0). `scenario`: { system, clients, minutes, changeEvery, quantum, drain, interval?,
 * freshness? }. Resolves with the figures support/stream-clients.mjs prints.
 */
export const runScenario = async (scenario) => {
  const server = start(process.execPath, [SERVER], { cpu: 1 })
  try {
    const { port, control } = await server.ready
    const config = { ...scenario, base: `http://127.0.0.1:${port}`, control, serverPid: server.child.pid }
    const clients = start(process.execPath, [CLIENTS], { cpu: 0, env: { BENCH_CONFIG: JSON.stringify(config) } })
    return await clients.ready
  } finally {
    await stop(server.child)
  }
}
