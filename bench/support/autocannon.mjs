import { ready, start } from './processes.mjs'

/**
 * The load role, run in a child process of its own: one autocannon run of the POST that BENCH_LOAD
 * describes ({ url, body, connections, duration }), printed as one JSON line of figures.
 */
export const runLoadRole = async () => {
  const { default: autocannon } = await import('autocannon')
  const config = JSON.parse(process.env.BENCH_LOAD)
  const result = await autocannon({
    url: config.url,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: config.body,
    connections: config.connections,
    duration: config.duration,
    pipelining: 1,
  })
  ready({
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    requests: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
  })
}

/**
 * Loads `target` ({ name, url, body }) for `duration` s from `script --role load` on CPU 0 (when
 * pinning); throws on any non-2xx answer or error, else resolves with the figures.
 */
export const load = async (script, target, duration, connections) => {
  const config = { url: target.url, body: target.body, duration, connections }
  const { ready: figures } = start(process.execPath, [script, '--role', 'load'], {
    cpu: 0,
    env: { BENCH_LOAD: JSON.stringify(config) },
  })
  const result = await figures
  if (result.non2xx || result.errors)
    throw new Error(`${target.name}: ${result.non2xx} non-2xx, ${result.errors} errors`)
  return result
}
