import type {
  Actor,
  Command,
  CommandResult,
  EventsResponse,
  Member,
  OlderResponse,
  RoomInfo,
  TypingEntry,
} from '@reality-examples/chat-shared/domain'

/*
 * The baseline's wire format, the seed-004 way: one long-lived WebSocket per tab, JSON frames,
 * the server pushes every event to every socket in the room.
 */

export type ClientFrame =
  | { type: 'hello'; actor: Actor; tab: string }
  | { type: 'join'; room: string; after?: number }
  | { type: 'commands'; ref: number; room: string; commands: Command[] }
  | { type: 'typing'; room: string; typing: boolean }
  | { type: 'older'; room: string; before: number }

export type ServerFrame =
  | { type: 'rooms'; rooms: RoomInfo[] }
  | ({ type: 'events' } & EventsResponse)
  | { type: 'results'; ref: number; results: CommandResult[] }
  | { type: 'presence'; room: string; members: Member[] }
  | { type: 'typing'; room: string; typing: TypingEntry[] }
  | { type: 'head'; room: string; seq: number }
  | ({ type: 'older'; room: string } & OlderResponse)

export const SOCKET_PATH = '/ws'
