import { request } from 'node:http'
import { postHead, rawExchange } from './raw-http.mjs'

/*
 * The requests bench/fuzz.mjs throws at a server: every way a client can get a request wrong,
 * each a `run(target, random)` resolving with the status (or `closed`, `reset`, `timeout`).
 * `target` is { port, prefix, agent }; `random` is a seeded generator, so a run can be repeated.
 */

/** A seeded PRNG (mulberry32): same seed, same requests. */
export const seeded = (seed) => {
  let state = seed >>> 0
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  next.int = (max) => Math.floor(next() * max)
  next.pick = (items) => items[next.int(items.length)]
  next.bytes = (length) => {
    const bytes = Buffer.alloc(length)
    for (let i = 0; i < length; i++) bytes[i] = next.int(256)
    return bytes
  }
  return next
}

const JSON_TYPE = { 'content-type': 'application/json' }

/** A valid sync body with `count` keys. */
export const validBody = (count, random) =>
  JSON.stringify({
    known: Object.fromEntries(
      Array.from({ length: count }, (_, i) => [`fuzz:${i}:${random.int(1000)}`, random.int(50)]),
    ),
    clientId: `fuzz-${random.int(1e6)}`,
    hint: 'interaction',
  })

/**
 * One request through node:http on the keep-alive agent (from `target.localAddress` when given); `chunks` sends the
 * body chunked, without a length.
 */
export const httpExchange = (target, { method = 'POST', path = '/sync', headers = JSON_TYPE, body, chunks }) =>
  new Promise((resolve) => {
    const outgoing = request(
      {
        host: '127.0.0.1',
        port: target.port,
        agent: target.agent,
        localAddress: target.localAddress,
        method,
        path: `${target.prefix}${path}`,
        headers: body === undefined ? headers : { ...headers, 'content-length': Buffer.byteLength(body) },
      },
      (res) => {
        res.resume()
        res.on('end', () => resolve(res.statusCode))
        res.on('error', () => resolve(res.statusCode))
      },
    )
    outgoing.on('error', (error) => resolve(error.code === 'ECONNRESET' ? 'reset' : 'closed'))
    if (chunks) {
      // All of it, whatever the backpressure: a server that stops reading must answer anyway.
      for (const chunk of chunks) outgoing.write(chunk)
      outgoing.end()
    } else outgoing.end(body)
  })

const mutate = (text, random) => {
  const at = random.int(text.length)
  const junk = random.pick(['', '"', '{', '}', ',', ':', '\\', '\u0000', 'ÿ', 'NaN', '[', ']'])
  return text.slice(0, at) + junk + text.slice(at + 1 + random.int(3))
}

const MALFORMED = [
  '{',
  '{"known":',
  '{known:{}}',
  "{'known':{}}",
  '{"known":{"a":1,}}',
  'undefined',
  'null',
  '[]',
  '""',
  '{"known":{"a":01}}',
  '\uFEFF{"known":{}}',
]

const INVALID_KNOWN = [
  () => ({ '': 0 }),
  () => ({ ['k'.repeat(257)]: 0 }),
  () => ({ a: -1 }),
  () => ({ a: 1.5 }),
  () => ({ a: '3' }),
  () => ({ a: null }),
  () => ({ a: 2 ** 60 }),
  () => [],
  () => 'known',
]

/** The cases and their share of the requests (weights). */
export const CASES = [
  {
    name: 'malformed JSON',
    weight: 16,
    run: (t, r) => httpExchange(t, { body: r() < 0.3 ? r.pick(MALFORMED) : mutate(validBody(1 + r.int(10), r), r) }),
  },
  {
    name: 'truncated JSON',
    weight: 10,
    run: (t, r) => {
      const body = validBody(1 + r.int(20), r)
      return httpExchange(t, { body: body.slice(0, r.int(body.length)) })
    },
  },
  {
    name: 'truncated body (hang-up)',
    weight: 4,
    run: (t, r) => {
      const body = validBody(1 + r.int(20), r)
      const sent = body.slice(0, r.int(body.length))
      return rawExchange(t.port, (socket) => {
        socket.end(postHead(`${t.prefix}/sync`, { ...JSON_TYPE, 'content-length': body.length + 100 }) + sent)
      })
    },
  },
  {
    name: 'oversized (declared)',
    weight: 4,
    run: (t, r) =>
      rawExchange(t.port, (socket) => {
        socket.write(postHead(`${t.prefix}/sync`, { ...JSON_TYPE, 'content-length': 1e6 + r.int(1e9) }))
        socket.write('{"known":{"a":0},"pad":"')
      }),
  },
  {
    name: 'oversized (chunked)',
    weight: 1,
    run: (t, r) => {
      // 256 KiB is the default limit; 300-600 KiB in 16 KiB chunks, no Content-Length.
      const chunk = 'x'.repeat(16 * 1024)
      const chunks = ['{"known":{"a":0},"pad":"', ...Array.from({ length: 19 + r.int(19) }, () => chunk), '"}']
      return httpExchange(t, { headers: { ...JSON_TYPE, 'transfer-encoding': 'chunked' }, chunks })
    },
  },
  {
    name: 'wrong method',
    weight: 8,
    run: (t, r) => {
      const [method, path] = r.pick([
        ['GET', '/sync'],
        ['PUT', '/sync'],
        ['DELETE', '/sync'],
        ['PATCH', '/sync'],
        ['POST', '/health'],
        ['PUT', '/invalidate'],
        ['GET', '/mesh'],
      ])
      return httpExchange(t, { method, path, body: method === 'GET' ? undefined : validBody(2, r) })
    },
  },
  {
    name: 'wrong path',
    weight: 8,
    run: (t, r) => {
      const path = r.pick([
        '/',
        '/nope',
        '/sync/extra',
        '/SYNC',
        '/sync%00',
        '/%zz',
        `/${r.bytes(8).toString('hex')}`,
        '/../sync',
      ])
      return httpExchange(t, { path, body: validBody(2, r) })
    },
  },
  {
    name: 'huge key count',
    weight: 4,
    // Over the default 1,000-key limit, some bodies also over 256 KiB.
    run: (t, r) => httpExchange(t, { body: validBody(1001 + r.int(9000), r) }),
  },
  {
    name: 'invalid keys or versions',
    weight: 12,
    run: (t, r) => httpExchange(t, { body: JSON.stringify({ known: r.pick(INVALID_KNOWN)() }) }),
  },
  {
    name: 'random bytes as body',
    weight: 12,
    run: (t, r) => httpExchange(t, { body: r.bytes(r.int(2048)) }),
  },
  {
    name: 'random bytes, not HTTP',
    weight: 3,
    run: (t, r) => rawExchange(t.port, (socket) => socket.end(r.bytes(1 + r.int(1024)))),
  },
  {
    name: 'valid body, not JSON type',
    weight: 6,
    run: (t, r) =>
      httpExchange(t, {
        headers: {
          'content-type': r.pick([
            'text/plain',
            'application/x-www-form-urlencoded',
            'multipart/form-data; boundary=x',
          ]),
        },
        body: validBody(2, r),
      }),
  },
  {
    name: 'valid sync (control)',
    weight: 12,
    run: (t, r) => httpExchange(t, { body: validBody(1 + r.int(10), r) }),
  },
]

/** A valid body sent one byte every `everyMs` on its own connection. */
export const slowBody = (target, random, everyMs) => {
  const body = Buffer.from(validBody(1, random))
  return rawExchange(
    target.port,
    (socket) => {
      socket.write(postHead(`${target.prefix}/sync`, { ...JSON_TYPE, 'content-length': body.length }))
      let at = 0
      const timer = setInterval(() => {
        if (socket.destroyed || at >= body.length) return clearInterval(timer)
        socket.write(body.subarray(at, ++at))
      }, everyMs)
      socket.once('close', () => clearInterval(timer))
    },
    { timeoutMs: body.length * everyMs + 30_000 },
  )
}
