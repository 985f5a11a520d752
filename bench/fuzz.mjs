#!/usr/bin/env node
/**
 * @module
 * `npm run bench:fuzz`: the built `reality-server` CLI under a flood of bad requests while a
 * well-behaved client keeps syncing, to show the bad ones cost the good one little and leave
 * nothing behind.
 *
 *   fuzz      --requests (100,000) requests from bench/support/fuzz-cases.mjs (malformed, truncated,
 *             oversized declared and chunked, wrong methods and paths, huge key counts, invalid keys,
 *             random bytes as body and instead of HTTP, non-JSON content types, plus valid controls),
 *             --concurrency (32) at a time on keep-alive connections or fresh sockets
 *   slow      --slow (50) connections at all times each sending a valid body 1 byte per 100 ms
 *   idle      --idle (400) connections at all times that send nothing (reopened when the server drops one)
 *   good      a child process syncing once every 50 ms on its own keep-alive connection, from another
 *             address (127.0.0.2) than the flood, as a user would be; latency is
 *             taken from the time the sync was due, so a stall counts in full (no coordinated omission)
 *
 * Checks, exit code 1 when one fails: no 5xx anywhere; every good sync answered 200; the good
 * client's p99 under the flood within one sync interval (50 ms) of its p99 alone on the same server just
 * before (--quiet 15 s; or an absolute --p99-bound ms, see bench/README.md for why); the server's RSS,
 * after --settle (30) s of ordinary traffic, within --rss-slack (0.5 = 50%) of its baseline after a
 * warm-up of the same mix (a tenth of --requests, at most 10,000).
 * Writes bench/results/fuzz.json.
 */
import { fork } from 'node:child_process'
import { Agent } from 'node:http'
import { connect } from 'node:net'
import { fileURLToPath } from 'node:url'
import { median, percentile, sleep } from '@reality-internal/test-utils'
import { option } from './support/args.mjs'
import { reportChecks } from './support/checks.mjs'
import { CASES, httpExchange, seeded, slowBody, validBody } from './support/fuzz-cases.mjs'
import { load, rssMiB } from './support/machine.mjs'
import { PIN, start, stop } from './support/processes.mjs'

const BIN = fileURLToPath(new URL('../packages/reality-server/bin/reality-server.js', import.meta.url))
const PREFIX = '/reality'
const GOOD_INTERVAL_MS = 50
const SLOW_BYTE_MS = 100

// THE WELL-BEHAVED CLIENT (its own process, so the fuzzing never delays its measurements)

/**
 * The good client's own address: a user is not the attacker's machine. The server caps open connections per address
 * (128), which the flood from 127.0.0.1 exceeds; from that same address the good client would be refused with it.
 */
const GOOD_ADDRESS = '127.0.0.2'

const goodClient = async (port) => {
  // Idle sockets leave the pool after 2 s, before the server's 5 s keep-alive timeout closes them:
  // otherwise a sync sent just as the server closes its socket is reset (a race of keep-alive itself).
  const agent = new Agent({ keepAlive: true, timeout: 2000 })
  const random = seeded(7)
  const latencies = []
  const statuses = {}
  const pending = new Set()
  let running = true
  process.on('message', async () => {
    running = false
    await Promise.all(pending)
    process.send({ latencies, statuses }, () => process.exit(0))
  })
  process.send('ready')
  const t0 = performance.now()
  for (let i = 0; running; i++) {
    const due = t0 + i * GOOD_INTERVAL_MS
    await sleep(Math.max(0, due - performance.now()))
    if (!running) break
    // Not awaited: a slow answer must not delay the next sync, or the stall would hide.
    const sync = httpExchange(
      { port, prefix: PREFIX, agent, localAddress: GOOD_ADDRESS },
      { body: validBody(10, random) },
    ).then((status) => {
      latencies.push(performance.now() - due)
      statuses[status] = (statuses[status] ?? 0) + 1
      pending.delete(sync)
    })
    pending.add(sync)
  }
}

if (option('role', '') === 'good') {
  await goodClient(Number(option('port', 0)))
} else {
  await main()
}

// THE BENCH

async function main() {
  const REQUESTS = Number(option('requests', 100_000))
  const CONCURRENCY = Number(option('concurrency', 32))
  const IDLE = Number(option('idle', 400))
  const SLOW = Number(option('slow', 50))
  const QUIET_S = Number(option('quiet', 15))
  const SETTLE_S = Number(option('settle', 30))
  const RSS_SLACK = Number(option('rss-slack', 0.5))
  const SEED = Number(option('seed', 1))
  const loadAtStart = load()

  const server = start(process.execPath, [BIN, '--port', '0'], {
    cpu: 1,
    pick: (line) => /listening on http:\/\/[^:]+:(\d+)/.exec(line)?.[1],
  })
  const port = Number(await server.ready)
  const pid = server.child.pid
  const target = { port, prefix: PREFIX, agent: new Agent({ keepAlive: true, maxSockets: CONCURRENCY }) }
  const random = seeded(SEED)
  console.log(
    `reality-server pid ${pid} on port ${port}${PIN ? ' (CPU 1)' : ''}; load average ${loadAtStart.join(' ')}`,
  )

  const totalWeight = CASES.reduce((sum, c) => sum + c.weight, 0)
  const pickCase = (r) => {
    let at = r() * totalWeight
    for (const c of CASES) {
      at -= c.weight
      if (at < 0) return c
    }
    return CASES[CASES.length - 1]
  }
  /** Requests of the mix, CONCURRENCY at a time, while `more()`; `onOutcome(case, outcome)` sees each answer. */
  const flood = (more, onOutcome) =>
    Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        const own = seeded(random.int(2 ** 31))
        while (more()) {
          const c = pickCase(own)
          onOutcome(c.name, await c.run(target, own))
        }
      }),
    )

  // Warm-up with the same mix, so what a server allocates once (compiled code, a heap grown to
  // its working size, buffers) is in the baseline, and only growth with the request count shows after.
  const WARMUP = Math.min(10_000, Math.round(REQUESTS / 10))
  let warmed = 0
  await flood(
    () => warmed++ < WARMUP,
    () => {},
  )
  await sleep(3000)
  const samples = []
  for (let i = 0; i < 5; i++, await sleep(500)) samples.push(rssMiB(pid))
  const rssBaseline = median(samples)
  console.log(`baseline RSS after ${WARMUP.toLocaleString('en')} warm-up requests: ${rssBaseline.toFixed(1)} MiB`)

  const goodChild = async () => {
    const child = fork(fileURLToPath(import.meta.url), ['--role', 'good', '--port', String(port)])
    await new Promise((resolve) => child.once('message', resolve))
    return () => {
      child.send('stop')
      return new Promise((resolve) => child.once('message', resolve))
    }
  }
  // The good client alone first: its p99 on this machine at this moment, with no flood.
  const stopQuiet = await goodChild()
  await sleep(QUIET_S * 1000)
  const quiet = await stopQuiet()
  const quietP99 = percentile(quiet.latencies, 99)
  const P99_BOUND_MS = Number(option('p99-bound', quietP99 + GOOD_INTERVAL_MS))
  console.log(
    `good client alone for ${QUIET_S} s: p99 ${quietP99.toFixed(1)} ms; bound under the flood ${P99_BOUND_MS.toFixed(1)} ms`,
  )

  let running = true
  const slowName = 'slow body (1 byte/100 ms)'
  const counts = Object.fromEntries([...CASES.map((c) => c.name), slowName].map((n) => [n, {}]))
  let sent = 0
  const count = (name, outcome) => {
    sent++
    counts[name][outcome] = (counts[name][outcome] ?? 0) + 1
  }
  let rssPeak = rssBaseline
  const rssTimer = setInterval(() => {
    rssPeak = Math.max(rssPeak, rssMiB(pid))
  }, 500)

  // Idle sockets: opened, never written to; when the server closes one, another takes its place.
  const idle = { open: new Set(), opened: 0, closedByServer: 0 }
  const openIdle = () => {
    const socket = connect(port, '127.0.0.1')
    idle.opened++
    idle.open.add(socket)
    socket.on('error', () => {})
    socket.on('close', () => {
      idle.open.delete(socket)
      if (!running) return
      idle.closedByServer++
      setTimeout(openIdle, 100)
    })
  }
  for (let i = 0; i < IDLE; i++) openIdle()

  const stopGood = await goodChild()
  const t0 = performance.now()
  const slowLoops = Array.from({ length: SLOW }, async () => {
    const own = seeded(random.int(2 ** 31))
    while (running) count(slowName, await slowBody(target, own, SLOW_BYTE_MS))
  })
  const progress = setInterval(() => {
    const s = (performance.now() - t0) / 1000
    console.log(
      `  ${s.toFixed(0)} s: ${sent.toLocaleString('en')} requests, RSS ${rssMiB(pid).toFixed(1)} MiB, idle open ${idle.open.size}`,
    )
  }, 10_000)
  let issued = 0
  await flood(() => issued++ < REQUESTS - SLOW, count)
  running = false
  clearInterval(progress)
  await Promise.all(slowLoops)
  const seconds = (performance.now() - t0) / 1000
  const goodResult = await stopGood()
  for (const socket of idle.open) socket.destroy()
  target.agent.destroy()

  // Settle under ordinary traffic (one sync per 50 ms), which lets V8 collect and give back what
  // the flood took; then the lowest RSS of the last 5 s (a collection can land on any one sample).
  const stopSettle = await goodChild()
  await sleep(Math.max(0, SETTLE_S - 5) * 1000)
  const late = []
  for (let i = 0; i < 10; i++, await sleep(500)) late.push(rssMiB(pid))
  clearInterval(rssTimer)
  await stopSettle()
  const rssEnd = Math.min(...late)
  const stillServing = await httpExchange({ port, prefix: PREFIX }, { body: validBody(1, random) })
  await stop(server.child)

  const outcomes = Object.values(counts).flatMap((byOutcome) => Object.entries(byOutcome))
  const fiveHundreds = outcomes.filter(([o]) => Number(o) >= 500).reduce((sum, [, n]) => sum + n, 0)
  const lat = goodResult.latencies
  const goodOk = goodResult.statuses[200] ?? 0
  const good = {
    syncs: lat.length,
    statuses: goodResult.statuses,
    p50: percentile(lat, 50),
    p95: percentile(lat, 95),
    p99: percentile(lat, 99),
    max: Math.max(...lat),
  }
  const checks = {
    no5xx: fiveHundreds === 0,
    goodAllOk: lat.length > 0 && goodOk === lat.length,
    goodP99: good.p99 <= P99_BOUND_MS,
    rssBack: rssEnd <= rssBaseline * (1 + RSS_SLACK),
    stillServing: stillServing === 200,
  }

  const n = (value) => value.toLocaleString('en')
  const ms = (value) => `${value.toFixed(1)} ms`
  console.log(`\n${n(sent)} requests in ${seconds.toFixed(1)} s (${n(Math.round(sent / seconds))}/s), seed ${SEED}\n`)
  console.log('| case | sent | outcomes |\n| --- | ---: | --- |')
  for (const [name, byOutcome] of Object.entries(counts)) {
    const total = Object.values(byOutcome).reduce((a, b) => a + b, 0)
    const list = Object.entries(byOutcome)
      .map(([outcome, k]) => `${outcome} × ${n(k)}`)
      .join(', ')
    console.log(`| ${name} | ${n(total)} | ${list} |`)
  }
  console.log(
    `\nidle sockets: ${IDLE} held open, ${n(idle.opened)} opened in all, ${n(idle.closedByServer)} closed by the server`,
  )
  console.log(
    `good client: ${n(lat.length)} syncs, ${n(goodOk)} × 200; p50 ${ms(good.p50)}, p95 ${ms(good.p95)}, ` +
      `p99 ${ms(good.p99)} (alone ${ms(quietP99)}, bound ${ms(P99_BOUND_MS)}), max ${ms(good.max)}`,
  )
  console.log(
    `server RSS: baseline ${rssBaseline.toFixed(1)} MiB, peak ${rssPeak.toFixed(1)} MiB, ` +
      `after ${SETTLE_S} s settle ${rssEnd.toFixed(1)} MiB (bound ${(rssBaseline * (1 + RSS_SLACK)).toFixed(1)} MiB)`,
  )
  const ok = reportChecks('fuzz', {
    loadAtStart,
    options: { requests: REQUESTS, concurrency: CONCURRENCY, idle: IDLE, slow: SLOW, seed: SEED, pinned: PIN },
    seconds: Number(seconds.toFixed(1)),
    requests: sent,
    outcomes: counts,
    fiveHundreds,
    idle: { held: IDLE, opened: idle.opened, closedByServer: idle.closedByServer },
    good: {
      ...good,
      intervalMs: GOOD_INTERVAL_MS,
      p99BoundMs: P99_BOUND_MS,
      alone: { seconds: QUIET_S, syncs: quiet.latencies.length, p50: percentile(quiet.latencies, 50), p99: quietP99 },
    },
    rssMiB: { baseline: rssBaseline, peak: rssPeak, afterSettle: rssEnd, settleSeconds: SETTLE_S, slack: RSS_SLACK },
    checks,
  })
  process.exit(ok ? 0 : 1)
}
