import { NetworkError } from '@reality-examples/chat-shared/client'
import type {
  Actor,
  Command,
  CommandResult,
  CommandsResponse,
  EventsResponse,
  OlderResponse,
  PresenceResponse,
  RoomsResponse,
  TypingResponse,
} from '@reality-examples/chat-shared/domain'

/** A response body and its size (the header shows what a load cost). */
export interface Sized<T> {
  body: T
  bytes: number
}

/** The chat API over one metered `fetch`: every call shows up in the header's request count. */
export class ChatApi {
  readonly #fetch: typeof fetch

  constructor(fetchImpl: typeof fetch) {
    this.#fetch = fetchImpl
  }

  async #request<T>(path: string, init?: RequestInit): Promise<Sized<T>> {
    let response: Response
    try {
      response = await this.#fetch(path, init)
    } catch (error) {
      throw new NetworkError(error instanceof Error ? error.message : 'network error')
    }
    const text = await response.text()
    if (response.status >= 500) throw new NetworkError(`server error ${response.status}`)
    if (!response.ok) {
      const problem = text ? (JSON.parse(text) as { message?: string }) : {}
      throw new Error(problem.message ?? `request failed with ${response.status}`)
    }
    return { body: (text ? JSON.parse(text) : undefined) as T, bytes: text.length }
  }

  #post<T>(path: string, body: unknown): Promise<Sized<T>> {
    return this.#request<T>(path, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    })
  }

  async rooms(): Promise<RoomsResponse> {
    return (await this.#request<RoomsResponse>('/api/rooms')).body
  }

  events(room: string, after?: number): Promise<Sized<EventsResponse>> {
    return this.#request(`/api/rooms/${room}/events${after === undefined ? '' : `?after=${after}`}`)
  }

  async older(room: string, before: number): Promise<OlderResponse> {
    return (await this.#request<OlderResponse>(`/api/rooms/${room}/messages?before=${before}&limit=50`)).body
  }

  async commands(room: string, actor: Actor, commands: Command[]): Promise<CommandResult[]> {
    return (await this.#post<CommandsResponse>(`/api/rooms/${room}/commands`, { actor, commands })).body.results
  }

  async presence(room: string): Promise<PresenceResponse> {
    return (await this.#request<PresenceResponse>(`/api/rooms/${room}/presence`)).body
  }

  async typing(room: string): Promise<TypingResponse & { receivedAt: number }> {
    const { body } = await this.#request<TypingResponse>(`/api/rooms/${room}/typing`)
    return { ...body, receivedAt: Date.now() }
  }

  async setTyping(room: string, actor: Actor, typing: boolean): Promise<void> {
    await this.#post(`/api/rooms/${room}/typing`, { actor, typing })
  }
}
