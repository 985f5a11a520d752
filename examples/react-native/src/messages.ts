/*
 * The chat's message API, as the app sees it: plain HTTP next to the Reality server. Reality only says *that*
 * a room changed; these calls load and post the messages themselves.
 */

/** One chat message, as the message API returns it. */
export interface Message {
  id: string
  author: string
  text: string
  /** Server time, ms since epoch. */
  sentAt: number
  /** Shown optimistically, not yet confirmed by the server. */
  pending?: boolean
}

/** What a client posts. */
export interface MessageDraft {
  author: string
  text: string
}

/** Longest message the API accepts, in characters. */
export const MAX_TEXT_LENGTH = 2000

/** The Reality key of a room: its version changes whenever a message is posted there. */
export const roomKey = (room: string): string => `chat:room:${room}`

/** The message API of one server. */
export interface MessageApi {
  list(room: string): Promise<Message[]>
  send(room: string, draft: MessageDraft): Promise<Message>
}

const json = async <T>(response: Response): Promise<T> => {
  if (!response.ok) throw new Error(`message API answered ${response.status}`)
  return (await response.json()) as T
}

/**
 * Calls the message API served at `baseUrl` (the same origin as the Reality server in this example).
 *
 * @example
 * const api = createMessageApi('http://10.0.2.2:3456')
 * const messages = await api.list('general')
 */
export const createMessageApi = (baseUrl: string): MessageApi => {
  const url = (room: string) => `${baseUrl.replace(/\/+$/, '')}/api/rooms/${encodeURIComponent(room)}/messages`
  return {
    list: async (room) => json<Message[]>(await fetch(url(room))),
    send: async (room, draft) =>
      json<Message>(
        await fetch(url(room), {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(draft),
        }),
      ),
  }
}
