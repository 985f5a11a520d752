import { useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react'
import type { ChatSession, TrafficSnapshot } from '../client'
import { TypingSignal } from '../client'
import { buildTimeline, type Member, type RoomView, type TypingEntry } from '../domain'
import type { ChatModel, LoadInfo, RoomListEntry } from './model'

/** What a transport provides; `useChatModel` adds the parts both transports share. */
export interface ChatModelInput {
  transport: ChatModel['transport']
  session: ChatSession
  traffic: TrafficSnapshot
  rooms: RoomListEntry[]
  roomId: string
  selectRoom: (room: string) => void
  /** The confirmed replica of the open room; null until its first load. */
  view: RoomView | null
  members: Member[]
  /** The member list came from the server (not a placeholder): join/leave toasts start after it. */
  membersLoaded: boolean
  /** As last received; entries expire locally `expiresInMs` after `typingReceivedAt`. */
  typing: TypingEntry[]
  typingReceivedAt: number
  lastLoad: LoadInfo | null
  loadOlder: () => void
  setTyping: (room: string, typing: boolean) => void
}

/** Typing entries still live now, re-rendering when the next one expires. */
const useLiveTyping = (entries: TypingEntry[], receivedAt: number, me: string): string[] => {
  const [now, setNow] = useState(() => Date.now())
  useEffect(() => {
    const expiries = entries.map((entry) => receivedAt + entry.expiresInMs).filter((at) => at > now)
    if (expiries.length === 0) return
    const timer = setTimeout(() => setNow(Date.now()), Math.min(...expiries) - now + 10)
    return () => clearTimeout(timer)
  }, [entries, receivedAt, now])
  return entries.filter((entry) => entry.id !== me && receivedAt + entry.expiresInMs > now).map((entry) => entry.name)
}

/** Join and leave toasts from successive member lists of one room. */
const usePresenceNotices = (session: ChatSession, roomId: string, members: Member[], loaded: boolean): void => {
  const previous = useRef<{ room: string; ids: Map<string, string> } | null>(null)
  useEffect(() => {
    if (!loaded) return
    const ids = new Map(members.map((member) => [member.id, member.name]))
    const before = previous.current
    previous.current = { room: roomId, ids }
    if (!before || before.room !== roomId) return
    const me = session.identity.actor.id
    for (const [id, name] of ids) if (!before.ids.has(id) && id !== me) session.notices.push('info', `${name} joined`)
    for (const [id, name] of before.ids) if (!ids.has(id) && id !== me) session.notices.push('info', `${name} left`)
  }, [session, roomId, members, loaded])
}

/**
 * Builds the UI model: optimistic timeline (confirmed view + this tab's pending writes),
 * refused messages, live typing names, presence toasts, sync status and the actions.
 */
export const useChatModel = (input: ChatModelInput): ChatModel => {
  const { session, view, roomId } = input
  const me = session.identity.actor
  const items = useSyncExternalStore(session.outbox.subscribe, session.outbox.getSnapshot)
  const notices = useSyncExternalStore(session.notices.subscribe, session.notices.getSnapshot)

  // An accepted write leaves the outbox once the replica holds it: no flicker between the two.
  useEffect(() => {
    if (view && items.some((item) => item.status === 'sent')) session.outbox.confirm(roomId, view.seq)
  }, [session, roomId, view, items])

  const pending = useMemo(
    () => items.filter((item) => item.room === roomId && item.status !== 'failed').map((item) => item.command),
    [items, roomId],
  )
  const timeline = useMemo(() => buildTimeline(view, pending, me), [view, pending, me])
  const typing = useLiveTyping(input.typing, input.typingReceivedAt, me.id)
  usePresenceNotices(session, roomId, input.members, input.membersLoaded)

  const setTyping = input.setTyping
  const signal = useMemo(() => new TypingSignal((on) => setTyping(roomId, on)), [setTyping, roomId])
  useEffect(() => () => signal.stop(), [signal])

  const unsent = items.filter((item) => item.status === 'queued' || item.status === 'sending').length
  const unconfirmed = items.some((item) => item.status !== 'failed')
  const status = input.traffic.offline ? 'offline' : unconfirmed || input.traffic.busy || !view ? 'syncing' : 'synced'
  const room = input.rooms.find((entry) => entry.id === roomId) ?? { id: roomId, name: roomId, topic: '' }
  const find = (id: string) => timeline.find((message) => message.id === id)

  return {
    transport: input.transport,
    me,
    status,
    requests: input.traffic.requests,
    rooms: input.rooms,
    room,
    timeline,
    hasOlder: view?.hasOlder ?? false,
    loading: view === null,
    failed: items.filter((item) => item.room === roomId && item.status === 'failed'),
    unsent,
    members: input.members,
    typing,
    notices,
    lastLoad: input.lastLoad,
    head: view?.seq ?? 0,
    actions: {
      selectRoom: input.selectRoom,
      send: (text) => {
        signal.sent()
        session.send(roomId, text)
      },
      edit: (id, text) => {
        const message = find(id)
        if (message) session.edit(roomId, message, text)
      },
      remove: (id) => {
        const message = find(id)
        if (message) session.remove(roomId, message)
      },
      toggleReaction: (id, emoji) => {
        const message = find(id)
        if (message) session.toggleReaction(roomId, message, emoji)
      },
      typing: (hasText) => signal.update(hasText),
      retry: (key) => session.outbox.retry(key),
      discard: (key) => session.outbox.discard(key),
      loadOlder: input.loadOlder,
      dismissNotice: (id) => session.notices.dismiss(id),
    },
  }
}
