import { NetworkError } from '@reality-examples/chat-shared/client'
import type {
  Actor,
  Command,
  CommandResult,
  CommandsRequest,
  CommandsResponse,
  EventsResponse,
  OlderResponse,
  PresenceResponse,
  RoomsResponse,
  SessionResponse,
  SignInRequest,
  TypingRequest,
  TypingResponse,
} from '@reality-examples/chat-shared/domain'

/** A response body and its size (the header shows what a load cost). */
export interface Sized<T> {
  body: T
  bytes: number
}

/** The API answered 401: this browser is not signed in (or its session expired). */
export class SignedOut extends Error {}

/**
 * The chat API over one metered `fetch`: every call shows up in the header's request count.
 * Who is writing is the session cookie's user; no request names an actor.
 */
export class ChatApi {
  readonly #fetch: typeof fetch
  readonly #onSignedOut: (() => void) | undefined

  /** `onSignedOut`: the session ended (expired, or the server restarted with a new secret). */
  constructor(fetchImpl: typeof fetch, onSignedOut?: () => void) {
    this.#fetch = fetchImpl
    this.#onSignedOut = onSignedOut
  }

  async #request<T>(path: string, init?: RequestInit): Promise<Sized<T>> {
    let response: Response
    try {
      response = await this.#fetch(path, init)
    } catch (error) {
      throw new NetworkError(error instanceof Error ? error.message : 'network error')
    }
    const text = await response.text()
    // Worth retrying as they are: the server or its database is down, or asks us to slow down.
    if (response.status >= 500 || response.status === 429) {
      throw new NetworkError(`server answered ${response.status}`)
    }
    if (!response.ok) {
      const problem = text ? (JSON.parse(text) as { message?: string }) : {}
      const message = problem.message ?? `request failed with ${response.status}`
      if (response.status !== 401) throw new Error(message)
      this.#onSignedOut?.()
      throw new SignedOut(message)
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

  /** Who this browser is signed in as; `SignedOut` when nobody. */
  async session(): Promise<Actor> {
    return (await this.#request<SessionResponse>('/api/session')).body.user
  }

  /** Signs in with a display name: the server sets the session cookie and picks the user id. */
  async signIn(name: string): Promise<Actor> {
    return (await this.#post<SessionResponse>('/api/session', { name } satisfies SignInRequest)).body.user
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

  async commands(room: string, commands: Command[]): Promise<CommandResult[]> {
    return (await this.#post<CommandsResponse>(`/api/rooms/${room}/commands`, { commands } satisfies CommandsRequest))
      .body.results
  }

  async presence(room: string): Promise<PresenceResponse> {
    return (await this.#request<PresenceResponse>(`/api/rooms/${room}/presence`)).body
  }

  async typing(room: string): Promise<TypingResponse & { receivedAt: number }> {
    const { body } = await this.#request<TypingResponse>(`/api/rooms/${room}/typing`)
    return { ...body, receivedAt: Date.now() }
  }

  async setTyping(room: string, typing: boolean): Promise<void> {
    await this.#post(`/api/rooms/${room}/typing`, { typing } satisfies TypingRequest)
  }
}
