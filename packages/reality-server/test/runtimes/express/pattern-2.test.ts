import Database from 'better-sqlite3'
import { drizzle } from 'drizzle-orm/better-sqlite3'
import { integer, sqliteTable, text } from 'drizzle-orm/sqlite-core'
import express5 from 'express'
import express4 from 'express4'
import { describe, expect, it } from 'vitest'
import { createRealityServer } from '../../../src'
import { send } from '../../support/http'
import { listenPerTest } from '../../support/listen'

/*
 * The API guide's "Pattern 2: Server with Express" (001), run as written on Express 4 and 5.
 * Its `db.insert(posts)` is real Drizzle on an in-memory SQLite database.
 *
 * What the tests establish:
 * - Express 4: the pattern works once a JSON body parser runs first. As written (no parser)
 *   `req.body` is undefined, so every sync is a 400, which now says why.
 * - Express 5: `app.all('/reality/*', …)` throws at startup (path-to-regexp 8 wants a named
 *   wildcard); with `/reality/*path` the rest of the pattern works unchanged.
 */

const posts = sqliteTable('posts', { id: integer('id').primaryKey(), title: text('title').notNull() })

const createDb = () => {
  const sqlite = new Database(':memory:')
  sqlite.exec('CREATE TABLE posts (id INTEGER PRIMARY KEY, title TEXT NOT NULL)')
  return drizzle(sqlite)
}

/** Pattern 2 with its route path and an optional express.json() as the only knobs; listening is the caller's. */
const pattern2 = (express: typeof express4, options: { route?: string; jsonParser?: boolean } = {}) => {
  const db = createDb()
  // --- API guide (001), "Pattern 2: Server with Express" ---
  const app = express()
  if (options.jsonParser) app.use(express.json()) // not in the seed
  const reality = createRealityServer({ serverId: 'main' })

  // Reality endpoint
  const handler = reality.getFetchHandler('/reality')
  app.all(options.route ?? '/reality/*', async (req, res) => {
    const url = `http://localhost${req.url}`
    const response = await handler(
      new Request(url, {
        method: req.method,
        headers: req.headers as HeadersInit,
        body: req.method !== 'GET' ? JSON.stringify(req.body) : undefined,
      }),
    )
    res.status(response.status).json(await response.json())
  })

  // Your API
  app.post('/api/posts', async (req, res) => {
    const post = await db.insert(posts).values(req.body)
    await reality.invalidate('posts') // Tell Reality data changed
    res.json(post)
  })
  // --- end (the seed's `app.listen(3456)` is replaced by a free port below) ---
  return app
}

describe('API guide Pattern 2 (Express)', () => {
  const start = listenPerTest()

  /** Posts through the app, then syncs `posts` from version 0 and returns the reply. */
  const postThenSync = async (origin: string) => {
    const posted = await send(`${origin}/api/posts`, { body: { title: 'Hello' } })
    expect(posted.status, posted.text).toBe(200)
    return send(`${origin}/reality/sync`, { body: { known: { posts: 0 } } })
  }

  describe('Express 4', () => {
    it('as written (no body parser): health works, sync is a 400 that names the missing express.json()', async () => {
      const origin = await start(pattern2(express4))
      const health = await send(`${origin}/reality/health`, { method: 'GET' })
      expect(health).toMatchObject({ status: 200, body: { status: 'ok', serverId: 'main' } })
      const synced = await send(`${origin}/reality/sync`, { body: { known: { posts: 0 } } })
      expect(synced.status).toBe(400)
      expect(synced.body).toMatchObject({ error: 'invalid_json', message: expect.stringContaining('express.json()') })
    })

    it('with express.json() before it: a post is reported as a change of posts', async () => {
      const origin = await start(pattern2(express4, { jsonParser: true }))
      const synced = await postThenSync(origin)
      expect(synced.status).toBe(200)
      expect(synced.body).toMatchObject({ changed: { posts: { key: 'posts', source: 'main' } } })
      const missing = await send(`${origin}/reality/elsewhere`, { method: 'GET' })
      expect(missing).toMatchObject({ status: 404, body: { error: 'not_found' } })
    })
  })

  describe('Express 5', () => {
    it("as written: app.all('/reality/*', …) throws before serving anything", () => {
      expect(() => pattern2(express5 as unknown as typeof express4)).toThrow(/Missing parameter name/)
    })

    it("with Express 5's named wildcard '/reality/*path' and express.json(): the rest works unchanged", async () => {
      const app = pattern2(express5 as unknown as typeof express4, { route: '/reality/*path', jsonParser: true })
      const origin = await start(app)
      const synced = await postThenSync(origin)
      expect(synced.status).toBe(200)
      expect(synced.body).toMatchObject({ changed: { posts: { key: 'posts', source: 'main' } } })
    })
  })
})
