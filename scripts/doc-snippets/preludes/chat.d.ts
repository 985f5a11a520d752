// Prelude for the chat examples' fragments (docs/MIGRATION.md quotes examples/websocket-chat and examples/react-chat):
// the names those files define or import from @reality-examples/chat-shared, with the types they have there. The
// examples' sources are not importable from here (extensionless imports, bundler resolution).
/** chat-shared/src/server/chat-service.ts */
interface ChatChange {
  room: string
  what: 'log' | 'presence' | 'typing'
  /** Content hash of the new state (the log head for `log`). */
  hash: string
}
/** chat-shared/src/domain/api.ts: `GET /api/rooms/:room/events?after=seq`. */
interface EventsResponse {
  room: string
  head: number
  events: unknown[]
}
interface Member {
  id: string
  name: string
}
declare class ChatService {
  static create(options: {
    store: object
    onChange?: (changes: ChatChange[]) => Promise<void> | void
  }): Promise<ChatService>
  events(room: string, after?: number): EventsResponse
}
/** ws-chat-server.ts: the service, the last seq pushed per room, the push to every socket of a room. */
declare const chat: ChatService
declare const sent: Map<string, number>
declare function toRoom(room: string, frame: { type: 'events' } & EventsResponse): void
/** chat-server.ts: the store (memory or PostgreSQL) and the Reality key of a change. */
declare const store: object
declare function keyOf(change: ChatChange): string
/** chat-shared/src/domain/keys.ts */
declare function roomKey(room: string): string
declare function presenceKey(room: string): string
/** App.tsx: the open room, the room replicas and the HTTP API of react-chat/src. */
declare const roomId: string
declare const replicas: { pull(room: string): Promise<{ room: string; seq: number }> }
declare const api: { presence(room: string): Promise<{ members: Member[] }> }
declare const useReality: typeof import('@rootlodge/reality/react').useReality
