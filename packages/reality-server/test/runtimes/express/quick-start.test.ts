import { createHash } from 'node:crypto'
import express from 'express'
import { describe, expect, it } from 'vitest'
import { createFetchHandler, MemoryStorage, RealityServer } from '../../../src'
import { send } from '../../support/http'
import { listenPerTest } from '../../support/listen'

/* The seed README's quick start (000, "Server (Bun/Node.js)") pasted into an Express 5 app. */

interface Message {
  id: number
  text: string
}

/** The app's own data, which Reality never stores: the quick start's `saveMessage` and `hashOfMessages`. */
const createMessageStore = () => {
  const messages: Message[] = []
  return {
    messages,
    saveMessage: async (body: { text: string }): Promise<Message> => {
      const message = { id: messages.length + 1, text: body.text }
      messages.push(message)
      return message
    },
    hashOfMessages: (): string =>
      createHash('sha256')
        .update(messages.map((m) => m.id).join(','))
        .digest('hex')
        .slice(0, 16),
  }
}

/** The quick start, as written, on `app`; the app's own parts (store, app, parser) around it. */
const quickStartApp = (withJsonParser: boolean) => {
  const { saveMessage, hashOfMessages, messages } = createMessageStore()
  const app = express()
  if (withJsonParser) app.use(express.json())

  // --- seed README (000), "Server (Bun/Node.js)", unchanged ---
  const server = new RealityServer({
    storage: new MemoryStorage(),
  })

  // Add sync endpoint
  app.post('/reality/sync', createFetchHandler(server))

  // Update node when data changes
  app.post('/api/messages', async (req, res) => {
    const message = await saveMessage(req.body)
    await server.updateNode('chat:room:general', hashOfMessages())
    res.json(message)
  })
  // --- end ---

  return { app, hashOfMessages, messages }
}

describe("seed quick start in Express 5: app.post('/reality/sync', createFetchHandler(server))", () => {
  const start = listenPerTest()

  it('reports a message posted through the app as a change of chat:room:general', async () => {
    const { app, hashOfMessages } = quickStartApp(true)
    const origin = await start(app)

    const before = await send(`${origin}/reality/sync`, { body: { known: { 'chat:room:general': 0 } } })
    expect(before.status).toBe(200)
    expect(before.body).toMatchObject({ changed: {} })

    const posted = await send(`${origin}/api/messages`, { body: { text: 'Hello!' } })
    expect(posted).toMatchObject({ status: 200, body: { id: 1, text: 'Hello!' } })

    const after = await send(`${origin}/reality/sync`, { body: { known: { 'chat:room:general': 0 } } })
    expect(after.status).toBe(200)
    const node = (after.body as { changed: Record<string, { version: number; hash: string }> }).changed[
      'chat:room:general'
    ]
    expect(node.hash).toBe(hashOfMessages())

    const caughtUp = await send(`${origin}/reality/sync`, { body: { known: { 'chat:room:general': node.version } } })
    expect(caughtUp.body).toMatchObject({ changed: {} })
  })

  it('serves sync without express.json() too, reading the body stream itself', async () => {
    const { app } = quickStartApp(false)
    const origin = await start(app)
    const reply = await send(`${origin}/reality/sync`, { body: { known: { 'chat:room:general': 0 } } })
    expect(reply.status).toBe(200)
    expect(reply.body).toMatchObject({ changed: {}, mesh: expect.any(Object), serverTime: expect.any(Number) })
    const broken = await send(`${origin}/reality/sync`, { body: '{"known":' })
    expect(broken.status).toBe(400)
    expect(broken.body).toMatchObject({ error: 'invalid_json' })
  })
})
