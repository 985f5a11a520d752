import type { RoomInfo, TypingResponse } from '@reality-examples/chat-shared/domain'
import { presenceKey, roomKey, typingKey } from '@reality-examples/chat-shared/domain'
import { ChatApp, type RoomListEntry, useChatModel } from '@reality-examples/chat-shared/ui'
import { RealityProvider, useReality } from '@rootlodge/reality/react'
import { useCallback, useEffect, useMemo, useState, useSyncExternalStore } from 'react'
import type { ChatRuntime } from './reality-setup'
import { useRoomHeads } from './use-room-heads'

const TRANSPORT = { name: 'Reality', detail: 'socketless · HTTP sync', unit: 'requests', account: 'signed in' }
const NO_TYPING: TypingResponse & { receivedAt: number } = { typing: [], receivedAt: 0 }

const roomFromHash = (): string => window.location.hash.replace(/^#\/?/, '') || 'general'

const Chat = ({ runtime, rooms }: { runtime: ChatRuntime; rooms: RoomInfo[] }) => {
  const { api, replicas, session, meter, identity } = runtime
  const [roomId, setRoomId] = useState(() => {
    const wanted = roomFromHash()
    return rooms.some((room) => room.id === wanted) ? wanted : 'general'
  })
  useEffect(() => runtime.setPresenceRoom(roomId), [runtime, roomId])
  useEffect(() => {
    const onHash = () => setRoomId(roomFromHash())
    window.addEventListener('hashchange', onHash)
    return () => window.removeEventListener('hashchange', onHash)
  }, [])

  // The open room: Reality says when its log grew; the fetcher pulls only the unseen events.
  useReality(roomKey(roomId), { fetcher: () => replicas.pull(roomId) })
  const { data: presence, isLoading: presenceLoading } = useReality(presenceKey(roomId), {
    fallback: { members: [] },
    fetcher: () => api.presence(roomId),
  })
  const { data: typing } = useReality(typingKey(roomId), { fallback: NO_TYPING, fetcher: () => api.typing(roomId) })

  const replica = useSyncExternalStore(replicas.subscribe, replicas.getSnapshot)
  const traffic = useSyncExternalStore(meter.subscribe, meter.getSnapshot)
  const view = replica.views[roomId] ?? null
  const unread = useRoomHeads(rooms, roomId, view?.seq ?? null, identity.actor.id)
  const roomList: RoomListEntry[] = useMemo(
    () => rooms.map((room) => ({ id: room.id, name: room.name, topic: room.topic, unread: unread[room.id] ?? 0 })),
    [rooms, unread],
  )
  const selectRoom = useCallback((room: string) => {
    window.location.hash = `/${room}`
  }, [])
  const setTyping = useCallback((room: string, on: boolean) => void api.setTyping(room, on).catch(() => {}), [api])

  const model = useChatModel({
    transport: TRANSPORT,
    session,
    traffic,
    rooms: roomList,
    roomId,
    selectRoom,
    view,
    members: presence.members,
    membersLoaded: !presenceLoading,
    typing: typing.typing,
    typingReceivedAt: typing.receivedAt,
    lastLoad: replica.lastLoad[roomId] ?? null,
    loadOlder: () => void replicas.loadOlder(roomId),
    setTyping,
  })
  return <ChatApp model={model} />
}

/** Loads the room list once, then renders the chat inside the Reality provider. */
export const App = ({ runtime }: { runtime: ChatRuntime }) => {
  const [rooms, setRooms] = useState<RoomInfo[] | null>(null)
  const [error, setError] = useState<string | null>(null)
  useEffect(() => {
    runtime.api.rooms().then(
      (response) => setRooms(response.rooms),
      (failure: Error) => setError(failure.message),
    )
  }, [runtime])
  if (error) return <div className="boot">Could not reach the chat server: {error}</div>
  if (!rooms) return <div className="boot">Connecting…</div>
  return (
    <RealityProvider client={runtime.client}>
      <Chat runtime={runtime} rooms={rooms} />
    </RealityProvider>
  )
}
