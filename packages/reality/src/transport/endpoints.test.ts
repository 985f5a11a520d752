import { describe, expect, it } from 'vitest'
import { syncUrls } from './endpoints'

describe('syncUrls', () => {
  it('appends the endpoint to bare origins', () => {
    expect(syncUrls(['http://a:3456', 'https://b.example/'], undefined)).toEqual([
      'http://a:3456/reality/sync',
      'https://b.example/reality/sync',
    ])
    expect(syncUrls(['http://a'], '/api/sync')).toEqual(['http://a/api/sync'])
    expect(syncUrls(['http://a'], 'api/sync')).toEqual(['http://a/api/sync'])
  })

  it('treats a path as a mount point unless it already ends in /sync', () => {
    expect(syncUrls(['http://a/reality', 'http://b/x/sync', '/reality'], undefined)).toEqual([
      'http://a/reality/sync',
      'http://b/x/sync',
      '/reality/sync',
    ])
  })

  it('uses the endpoint itself without servers, relative by default', () => {
    expect(syncUrls(undefined, undefined)).toEqual(['/reality/sync'])
    expect(syncUrls([], '/custom/sync')).toEqual(['/custom/sync'])
    expect(syncUrls([], 'http://x/reality/sync')).toEqual(['http://x/reality/sync'])
  })
})
