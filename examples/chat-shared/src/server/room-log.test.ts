import { describe, expect, it } from 'vitest'
import { applyEvents, type Command, viewFromSnapshot } from '../domain'
import { RoomLog } from './room-log'
import { MemoryChatStore } from './store/memory-store'

const actor = { id: 'u-a', name: 'A' }
const hlc = (count: number) => ({ wall: 1, count, node: 'n' })
const sent = (i: number): Command => ({ type: 'message.sent', id: `m${i}`, text: `message ${i}`, hlc: hlc(i) })

const open = (store = new MemoryChatStore()) =>
  RoomLog.open('r', { store, snapshotEvery: 10, checkpointEvery: 20, windowSize: 5, now: () => 42 })

const fill = async (log: RoomLog, count: number) => {
  for (let i = 1; i <= count; i++) await log.exclusive(() => log.append([{ command: sent(i), actor }]))
}

describe('RoomLog', () => {
  it('a join is the latest snapshot cut to the window plus the events after it', async () => {
    const log = await open()
    await fill(log, 23)
    const join = log.read()
    expect(join.head).toBe(23)
    expect(join.snapshot?.seq).toBe(20)
    expect(join.snapshot?.messages.map((m) => m.id)).toEqual(['m16', 'm17', 'm18', 'm19', 'm20'])
    expect(join.snapshot?.hasOlder).toBe(true)
    expect(join.events.map((e) => e.seq)).toEqual([21, 22, 23])
  })

  it('a client behind by at most one interval gets only the events it has not seen; further behind, a snapshot', async () => {
    const log = await open()
    await fill(log, 35)
    expect(log.read(30).events.map((e) => e.seq)).toEqual([31, 32, 33, 34, 35])
    expect(log.read(30).snapshot).toBeUndefined()
    expect(log.read(35).events).toEqual([])
    expect(log.read(25).snapshot).toBeUndefined()
    expect(log.read(25).events).toHaveLength(10)
    expect(log.read(24).snapshot?.seq).toBe(30)
    expect(log.read(24).events.map((e) => e.seq)).toEqual([31, 32, 33, 34, 35])
    expect(log.read(99).snapshot?.seq).toBe(30) // from a previous server life: start over
  })

  it('a replica folding snapshot + tail holds exactly what the server holds for those messages', async () => {
    const log = await open()
    await fill(log, 12)
    const more: Command[] = [
      { type: 'message.edited', id: 'm11', text: 'edited', hlc: hlc(100) },
      { type: 'reaction.added', id: 'm12', emoji: '👍', tag: 't1' },
      { type: 'message.deleted', id: 'm9', hlc: hlc(101) },
      { type: 'message.edited', id: 'm1', text: 'outside the window', hlc: hlc(102) },
    ]
    await log.exclusive(() => log.append(more.map((command) => ({ command, actor }))))
    const join = log.read()
    const view = applyEvents(viewFromSnapshot('r', join.snapshot!), join.events)
    for (const message of view.messages) expect(message).toEqual(log.message(message.id))
    expect(view.messages.map((m) => m.id)).toEqual(['m6', 'm7', 'm8', 'm9', 'm10', 'm11', 'm12'])
  })

  it('reopening from the store rebuilds the same room from its latest checkpoint and tail', async () => {
    const store = new MemoryChatStore()
    const log = await open(store)
    await fill(log, 27)
    expect((await store.load('r')).snapshot?.seq).toBe(20)
    expect((await store.load('r')).events.map((e) => e.seq)).toEqual([21, 22, 23, 24, 25, 26, 27])
    const reopened = await open(store)
    expect(reopened.seq).toBe(27)
    expect(reopened.read()).toEqual(log.read())
    expect(reopened.older(20, 100).messages).toEqual(log.older(20, 100).messages)
  })

  it('pages older messages by creation seq', async () => {
    const log = await open()
    await fill(log, 12)
    const page = log.older(8, 3)
    expect(page.messages.map((m) => m.id)).toEqual(['m5', 'm6', 'm7'])
    expect(page.hasOlder).toBe(true)
    expect(log.older(3, 10)).toEqual({ messages: [log.message('m1'), log.message('m2')], hasOlder: false })
  })
})
