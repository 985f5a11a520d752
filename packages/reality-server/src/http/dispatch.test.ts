import { ERROR_CODES } from '@rootlodge/reality/types'
import { describe, expect, it } from 'vitest'
import { InvalidRequestError } from '../core/errors'
import { createRealityServer } from '../server'
import { type DispatchInput, dispatch, parseJson, routeOf } from './dispatch'

describe('routeOf', () => {
  it.each([
    ['/reality/sync', '/reality', 'sync'],
    ['/reality/sync/', '/reality', 'sync'],
    ['/reality/health', '/reality/', 'health'],
    ['/reality/invalidate', '/reality', 'invalidate'],
    ['/reality/mesh', '/reality', 'mesh'],
    ['/sync', '', 'sync'],
    ['/reality/syncs', '/reality', null],
    ['/realitysync', '/reality', null],
    ['/reality', '/reality', null],
    ['/other/sync', '/reality', null],
    ['/reality/sync/extra', '/reality', null],
  ])('%s under prefix %j is %s', (pathname, prefix, route) => {
    expect(routeOf(pathname, prefix)).toBe(route)
  })

  it('without a prefix, routes by the last segment and treats anything else as sync', () => {
    expect(routeOf('/reality/sync', undefined)).toBe('sync')
    expect(routeOf('/api/v1/reality', undefined)).toBe('sync')
    expect(routeOf('/reality/health', undefined)).toBe('health')
    expect(routeOf('/admin/invalidate', undefined)).toBe('invalidate')
    expect(routeOf('/peer/mesh', undefined)).toBe('mesh')
  })
})

describe('parseJson', () => {
  it('parses JSON, keeping "__proto__" an own property', () => {
    const parsed = parseJson('{"known":{"__proto__":1}}') as { known: object }
    expect(Object.keys(parsed.known)).toEqual(['__proto__'])
  })

  it.each(['', '{', 'undefined', "{'a':1}"])('rejects %j as invalid_json', (text) => {
    expect(() => parseJson(text)).toThrow(InvalidRequestError)
    expect(() => parseJson(text)).toThrow(expect.objectContaining({ status: 400, code: ERROR_CODES.invalidJson }))
  })
})

describe('dispatch', () => {
  const input = (over: Partial<DispatchInput>): DispatchInput => ({
    method: 'POST',
    route: 'sync',
    readBody: async () => ({ known: {} }),
    header: (name) => (name === 'content-type' ? 'application/json' : undefined),
    query: '',
    url: '/reality/sync',
    ...over,
  })

  it('turns an unexpected failure into a JSON 500 and reports it, without throwing', async () => {
    const seen: unknown[] = []
    const server = createRealityServer({ serverId: 'd', onError: (error) => seen.push(error) })
    const boom = new Error('bug in a body reader')
    const result = await dispatch(
      server,
      input({
        readBody: async () => {
          throw boom
        },
      }),
    )
    expect(result.status).toBe(500)
    expect(JSON.parse(result.body)).toEqual({ error: ERROR_CODES.internal, message: 'internal error' })
    expect(result.body).not.toContain('bug in a body reader')
    expect(seen).toEqual([boom])
    expect((await server.getStats()).errors).toBe(1)
  })

  it('does not read the body of a request it refuses', async () => {
    let reads = 0
    const server = createRealityServer({ serverId: 'd' })
    const readBody = async () => {
      reads++
      return {}
    }
    expect((await dispatch(server, input({ method: 'PUT', readBody }))).status).toBe(405)
    expect((await dispatch(server, input({ route: null, readBody }))).status).toBe(404)
    expect((await dispatch(server, input({ route: 'invalidate', readBody }))).status).toBe(401)
    expect(reads).toBe(0)
  })

  it('refuses a POST that is not JSON with 415 before reading its body', async () => {
    let reads = 0
    const server = createRealityServer({ serverId: 'd' })
    const readBody = async () => {
      reads++
      return { known: {} }
    }
    for (const type of [undefined, 'text/plain', 'application/x-www-form-urlencoded', 'application/jsonp']) {
      const result = await dispatch(
        server,
        input({ readBody, header: (name) => (name === 'content-type' ? type : undefined) }),
      )
      expect(result.status).toBe(415)
      expect(JSON.parse(result.body)).toMatchObject({ error: ERROR_CODES.unsupportedMediaType })
    }
    expect(reads).toBe(0)
    const charset = await dispatch(server, input({ header: () => 'Application/JSON; charset=utf-8' }))
    expect(charset.status).toBe(200)
  })

  it('answers OPTIONS with 204 and Allow for a known route', async () => {
    const server = createRealityServer({ serverId: 'd' })
    const result = await dispatch(server, input({ method: 'OPTIONS', route: 'health' }))
    expect(result).toMatchObject({ status: 204, body: '', headers: { allow: 'GET, HEAD, OPTIONS' } })
  })
})
