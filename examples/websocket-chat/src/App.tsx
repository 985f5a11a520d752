import type { ChatSession } from '@reality-examples/chat-shared/client'
import { ChatApp, type RoomListEntry, useChatModel } from '@reality-examples/chat-shared/ui'
import { useCallback, useEffect, useMemo, useRef, useSyncExternalStore } from 'react'
import type { SocketConnection } from './socket-connection'

const TRANSPORT = {
  name: 'WebSocket',
  detail: 'baseline · one socket per tab',
  unit: 'frames',
  account: 'guest (no sign-in)',
}

/** The shared chat UI over a WebSocket: everything arrives pushed on the connection. */
export const App = ({ connection, session }: { connection: SocketConnection; session: ChatSession }) => {
  const state = useSyncExternalStore(connection.subscribe, connection.getSnapshot)
  const seen = useRef<Record<string, number>>({})
  useEffect(() => {
    const onHash = () => connection.join(window.location.hash.replace(/^#\/?/, '') || 'general')
    window.addEventListener('hashchange', onHash)
    return () => window.removeEventListener('hashchange', onHash)
  }, [connection])
  if (state.view) seen.current[state.room] = state.view.seq
  const rooms: RoomListEntry[] = useMemo(
    () =>
      state.rooms.map((room) => ({
        id: room.id,
        name: room.name,
        topic: room.topic,
        unread:
          room.id === state.room ? 0 : Math.max(0, (state.heads[room.id] ?? 0) - (seen.current[room.id] ?? room.seq)),
      })),
    [state.rooms, state.heads, state.room],
  )
  const selectRoom = useCallback((room: string) => {
    window.location.hash = `/${room}`
  }, [])
  const setTyping = useCallback((room: string, on: boolean) => connection.setTyping(room, on), [connection])
  const model = useChatModel({
    transport: TRANSPORT,
    session,
    traffic: { requests: state.frames, busy: false, offline: !state.connected },
    rooms,
    roomId: state.room,
    selectRoom,
    view: state.view,
    members: state.members,
    membersLoaded: state.view !== null,
    typing: state.typing,
    typingReceivedAt: state.typingReceivedAt,
    lastLoad: state.lastLoad,
    loadOlder: () => connection.loadOlder(),
    setTyping,
  })
  return <ChatApp model={model} />
}
