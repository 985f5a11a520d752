import { ERROR_CODES, MAX_ECHOED_SEGMENT, MAX_KEY_LENGTH, MAX_LISTED_ISSUES } from '@rootlodge/reality/types'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createRealityServer, DEFAULT_LIMITS } from '../../src'
import { errorBody, expectServing, send } from '../support/http'
import { type Served, TRANSPORTS } from '../support/transports'

/*
 * A bad request must cost the server, and bring back, little whatever it holds: the attacks of
 * issue 15 performed over real HTTP for each way of serving a server.
 */

const { maxBodyBytes, maxKeysPerRequest } = DEFAULT_LIMITS
const SMALL_ANSWER = 8 * 1024

/** `{ "known": { … } }` of as many short keys as fit under the body limit, each with `version(i)`. */
const manyKeys = (version: (i: number) => number): string => {
  const entries: string[] = []
  let size = 12
  for (let i = 0; ; i++) {
    const entry = `"${i.toString(36)}":${version(i)}`
    if (size + entry.length + 1 > maxBodyBytes) break
    entries.push(entry)
    size += entry.length + 1
  }
  return `{"known":{${entries.join(',')}}}`
}

describe.each(TRANSPORTS)('cheap rejection over $name', (transport) => {
  let served: Served
  let sync: string

  beforeAll(async () => {
    served = await transport.serve(createRealityServer({ serverId: 'cheap-rejection' }))
    sync = `${served.base}/sync`
  })
  afterAll(() => served.close())

  it('answers a body of tens of thousands of invalid keys with a small 413', async () => {
    const body = manyKeys(() => -1)
    expect(body.length).toBeGreaterThan(200_000)
    const reply = await send(sync, { body })
    expect(reply.status).toBe(413)
    expect(reply.body).toMatchObject(errorBody(ERROR_CODES.tooManyKeys))
    expect(reply.text.length).toBeLessThanOrEqual(SMALL_ANSWER)
    await expectServing(served.base)
  })

  it('refuses more keys than the limit before validating any: keys past the limit may be anything', async () => {
    // About the 32,916-key body of issue 15, every key past the limit invalid: validation first would say 400.
    const body = manyKeys((i) => (i < maxKeysPerRequest ? 0 : -1))
    expect(Object.keys((JSON.parse(body) as { known: object }).known).length).toBeGreaterThan(25 * maxKeysPerRequest)
    const reply = await send(sync, { body })
    expect(reply.status).toBe(413)
    expect(reply.body).toMatchObject(errorBody(ERROR_CODES.tooManyKeys))
  })

  it('lists at most a few issues, with long keys cut, for a body of long invalid keys under the key limit', async () => {
    const longKey = (i: number) => `${i}:${'k'.repeat(MAX_KEY_LENGTH)}`
    const known = Object.fromEntries(Array.from({ length: 900 }, (_, i) => [longKey(i), 0]))
    const reply = await send(sync, { body: { known } })
    expect(reply.status).toBe(400)
    expect(reply.text.length).toBeLessThanOrEqual(SMALL_ANSWER)
    const { issues, message } = reply.body as { issues: { path: string; message: string }[]; message: string }
    expect(issues).toHaveLength(MAX_LISTED_ISSUES + 1)
    expect(issues[0].path).toBe(`known.${longKey(0).slice(0, MAX_ECHOED_SEGMENT)}…`)
    expect(issues.at(-1)).toEqual({ path: '(more)', message: `${900 - MAX_LISTED_ISSUES} more issues not listed` })
    expect(message).not.toContain(longKey(0))
    expect(message).toContain('more issues not listed')
  })

  it('sends X-Content-Type-Options: nosniff on answers and errors', async () => {
    expect((await send(sync, { body: { known: {} } })).headers.get('x-content-type-options')).toBe('nosniff')
    expect((await send(sync, { body: { known: { a: -1 } } })).headers.get('x-content-type-options')).toBe('nosniff')
    expect((await send(`${served.base}/health`, { method: 'GET' })).headers.get('x-content-type-options')).toBe(
      'nosniff',
    )
  })
})
