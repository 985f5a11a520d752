import type { RoomInfo } from '@reality-examples/chat-shared/domain'
import { roomKey } from '@reality-examples/chat-shared/domain'
import { useRealityClient } from '@rootlodge/reality/react'
import { useEffect, useRef, useState } from 'react'

const seenKey = (user: string) => `reality-chat:seen:${user}`

/**
 * Unread counts without downloading anything: the other rooms are subscribed without a
 * fetcher, and the hash the server reports for a room key is its log head. Unread = head minus
 * the head this user last saw in that room (kept in localStorage across reloads).
 */
export const useRoomHeads = (
  rooms: RoomInfo[],
  open: string,
  openSeq: number | null,
  user: string,
): Record<string, number> => {
  const client = useRealityClient()
  const seen = useRef<Record<string, number>>(JSON.parse(localStorage.getItem(seenKey(user)) ?? '{}'))
  const [heads, setHeads] = useState<Record<string, number>>(() =>
    Object.fromEntries(rooms.map((room) => [room.id, room.seq])),
  )

  useEffect(() => {
    if (openSeq === null) return
    seen.current = { ...seen.current, [open]: openSeq }
    localStorage.setItem(seenKey(user), JSON.stringify(seen.current))
  }, [open, openSeq, user])

  useEffect(() => {
    const others = rooms.filter((room) => room.id !== open)
    const stops = others.map((room) =>
      client.subscribe<undefined>(roomKey(room.id), (state) => {
        const head = Number(state.meta?.hash)
        if (Number.isSafeInteger(head))
          setHeads((current) => (current[room.id] === head ? current : { ...current, [room.id]: head }))
      }),
    )
    return () => {
      for (const stop of stops) stop()
    }
  }, [client, rooms, open])

  const unread: Record<string, number> = {}
  for (const room of rooms) {
    unread[room.id] =
      room.id === open ? 0 : Math.max(0, (heads[room.id] ?? 0) - (seen.current[room.id] ?? heads[room.id] ?? 0))
  }
  return unread
}
