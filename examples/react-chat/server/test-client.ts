import type { Actor, Command, CommandsResponse } from '@reality-examples/chat-shared/domain'

/**
 * A browser as the tests need one: keeps the session cookie it was given and sends the headers
 * a page of the chat sends (its own `Origin`, JSON bodies). Tests of attacks change exactly the
 * part they forge.
 */
export class TestClient {
  readonly base: string
  cookie = ''
  user: Actor | undefined

  constructor(base: string) {
    this.base = base
  }

  /** Signs in as `name`; returns the response (429 when sign-ins are rate limited). */
  async signIn(name: string): Promise<Response> {
    const response = await this.post('/api/session', { name })
    if (response.ok) {
      this.cookie = (response.headers.get('set-cookie') ?? '').split(';')[0]
      this.user = ((await response.clone().json()) as { user: Actor }).user
    }
    return response
  }

  post(path: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
    return fetch(`${this.base}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: this.base, cookie: this.cookie, ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    })
  }

  get(path: string, headers: Record<string, string> = {}): Promise<Response> {
    return fetch(`${this.base}${path}`, { headers: { cookie: this.cookie, ...headers } })
  }

  async json<T>(path: string): Promise<T> {
    const response = await this.get(path)
    if (!response.ok) throw new Error(`GET ${path}: ${response.status} ${await response.text()}`)
    return (await response.json()) as T
  }

  /** Posts commands (plus any extra body fields, e.g. a forged `actor`) and reads the answer. */
  async commands(room: string, commands: Command[], extra: Record<string, unknown> = {}): Promise<CommandsResponse> {
    const response = await this.post(`/api/rooms/${room}/commands`, { ...extra, commands })
    if (!response.ok) throw new Error(`commands: ${response.status} ${await response.text()}`)
    return (await response.json()) as CommandsResponse
  }
}

/** An HLC stamp as a client makes it now. */
export const stampNow = (node = 'test-tab', count = 0) => ({ wall: Date.now(), count, node })
