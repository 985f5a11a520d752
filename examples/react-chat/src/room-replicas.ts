import { Store } from '@reality-examples/chat-shared/client'
import { applyEvents, prependOlder, type RoomView, viewFromSnapshot } from '@reality-examples/chat-shared/domain'
import type { LoadInfo } from '@reality-examples/chat-shared/ui'
import type { ChatApi } from './chat-api'

export interface ReplicaState {
  views: Readonly<Record<string, RoomView>>
  lastLoad: Readonly<Record<string, LoadInfo>>
}

/**
 * This tab's replicas of the rooms it opened. `pull` is the Reality fetcher of a room key:
 * Reality calls it only when the room's hash changed, and it asks for the events after the
 * replica's seq, so a tab downloads each event once. The first pull of a room is a join:
 * the latest snapshot (cut to the latest messages) plus the events after it.
 */
export class RoomReplicas extends Store<ReplicaState> {
  readonly #api: ChatApi

  constructor(api: ChatApi) {
    super({ views: {}, lastLoad: {} })
    this.#api = api
  }

  async pull(room: string): Promise<RoomView> {
    const current = this.getSnapshot().views[room]
    const { body, bytes } = await this.#api.events(room, current?.seq)
    // A snapshot replaces the replica (a join, a tab far behind, or a server that lost its memory
    // store on restart); a tail is folded into the newest view (older pages may have been added).
    const latest = this.getSnapshot().views[room]
    const base = body.snapshot ? viewFromSnapshot(room, body.snapshot) : latest
    if (!base) throw new Error(`room ${room}: the server sent events without a snapshot to a new replica`)
    const view = applyEvents(base, body.events)
    const load: LoadInfo = {
      kind: body.snapshot ? 'join' : 'tail',
      snapshotSeq: body.snapshot?.seq ?? null,
      events: body.events.length,
      bytes,
    }
    const state = this.getSnapshot()
    this.setState({ views: { ...state.views, [room]: view }, lastLoad: { ...state.lastLoad, [room]: load } })
    return view
  }

  /** Pages in the 50 messages before the oldest one held. */
  async loadOlder(room: string): Promise<void> {
    const view = this.getSnapshot().views[room]
    if (!view?.hasOlder) return
    const page = await this.#api.older(room, view.messages[0]?.seq ?? view.seq + 1)
    const latest = this.getSnapshot().views[room]
    this.setState({
      ...this.getSnapshot(),
      views: { ...this.getSnapshot().views, [room]: prependOlder(latest, page.messages, page.hasOlder) },
    })
  }
}
