import {
  ChatSession,
  type Identity,
  installPresenceSignals,
  loadTabId,
  TrafficMeter,
} from '@reality-examples/chat-shared/client'
import { type Actor, PRESENCE_HEADER, roomKey } from '@reality-examples/chat-shared/domain'
import { createRealityClient, type RealityClient } from '@rootlodge/reality'
import { ChatApi } from './chat-api'
import { RoomReplicas } from './room-replicas'

/**
 * Visible-tab freshness bounds. A passive visible tab syncs 400 ms after it saw a change,
 * then backs off to at most one sync per second while nothing changes: a new message reaches
 * it within ~1 s + one fetch, at a cost of at most 60 requests a minute per visible tab
 * (each also carries the presence heartbeat). A hidden tab sends nothing.
 */
export const FRESHNESS = { minInterval: 400, maxInterval: 1000, backoff: 1.6 }

export interface ChatRuntime {
  identity: Identity
  meter: TrafficMeter
  client: RealityClient
  api: ChatApi
  replicas: RoomReplicas
  session: ChatSession
  /** The room whose presence the heartbeat reports. */
  setPresenceRoom(room: string): void
}

/**
 * Wires one tab of the signed-in `user`: metered fetch (+ heartbeat header: this tab and its
 * room; the server knows the user from the session cookie), Reality client, API, outbox.
 */
export const createChatRuntime = (user: Actor): ChatRuntime => {
  const identity: Identity = { actor: user, tab: loadTabId(window.sessionStorage) }
  const meter = new TrafficMeter()
  let presenceRoom = 'general'
  const heartbeat = (): string => encodeURIComponent(JSON.stringify({ tab: identity.tab, room: presenceRoom }))
  const metered = meter.wrap(
    () => window.fetch.bind(window),
    (url, init) =>
      url.includes('/reality/')
        ? { ...init, headers: { ...(init.headers as Record<string, string>), [PRESENCE_HEADER]: heartbeat() } }
        : init,
  )
  // A session that ends (expired, server restarted with a new secret): back to the sign-in screen.
  const api = new ChatApi(metered, () => window.location.reload())
  const client = createRealityClient({ endpoint: '/reality/sync', freshness: FRESHNESS, fetch: metered })
  const replicas = new RoomReplicas(api)
  const session = new ChatSession({
    identity,
    deliver: (room, commands) => api.commands(room, commands),
    onDelivered: (room) => void client.syncKeys([roomKey(room)], 'mutation'),
    storage: window.localStorage,
    isOnline: () => navigator.onLine,
  })
  installPresenceSignals('/api/presence', identity.tab, () => meter.count())
  return {
    identity,
    meter,
    client,
    api,
    replicas,
    session,
    setPresenceRoom: (room) => {
      presenceRoom = room
    },
  }
}
