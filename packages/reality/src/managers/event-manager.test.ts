import { describe, expect, it } from 'vitest'
import { BooleanManager } from './boolean-manager'
import { EventManager } from './event-manager'
import { Subscribable } from './subscribable'

/** An event source the test can fire, counting installs and cleanups. */
const source = () => {
  const s = { installs: 0, cleanups: 0, emit: undefined as ((v: number) => void) | undefined }
  const setup = (emit: (v: number) => void) => {
    s.installs++
    s.emit = emit
    return () => {
      s.cleanups++
      s.emit = undefined
    }
  }
  return { s, setup }
}

describe('Subscribable', () => {
  it('calls the hooks on subscribe and unsubscribe', () => {
    const calls: string[] = []
    class Probe extends Subscribable<() => void> {
      protected override onSubscribe() {
        calls.push('sub')
      }
      protected override onUnsubscribe() {
        calls.push('unsub')
      }
    }
    const probe = new Probe()
    const off = probe.subscribe(() => {})
    expect(probe.hasListeners()).toBe(true)
    off()
    expect(probe.hasListeners()).toBe(false)
    expect(calls).toEqual(['sub', 'unsub'])
  })
})

describe('EventManager', () => {
  it('installs the source on the first subscriber and removes it after the last', () => {
    const { s, setup } = source()
    const manager = new EventManager<number>(setup)
    expect(s.installs).toBe(0)
    const seen: number[] = []
    const a = manager.subscribe((v) => seen.push(v))
    const b = manager.subscribe((v) => seen.push(v * 10))
    expect(s.installs).toBe(1)
    s.emit?.(2)
    expect(seen).toEqual([2, 20])
    a()
    expect(s.cleanups).toBe(0)
    b()
    expect(s.cleanups).toBe(1)
  })

  it('setEventListener runs the old cleanup and installs the new source while listened to', () => {
    const first = source()
    const second = source()
    const manager = new EventManager<number>(first.setup)
    const seen: number[] = []
    manager.subscribe((v) => seen.push(v))
    manager.setEventListener(second.setup)
    expect(first.s.cleanups).toBe(1)
    expect(second.s.installs).toBe(1)
    second.s.emit?.(7)
    expect(seen).toEqual([7])
  })

  it('setEventListener without listeners defers the install', () => {
    const first = source()
    const second = source()
    const manager = new EventManager<number>(first.setup)
    manager.setEventListener(second.setup)
    expect(second.s.installs).toBe(0)
    manager.subscribe(() => {})
    expect(second.s.installs).toBe(1)
    expect(first.s.installs).toBe(0)
  })
})

describe('BooleanManager', () => {
  it('reads the environment until told otherwise, and notifies only changes', () => {
    let env = true
    let emit: ((v: boolean) => void) | undefined
    const manager = new BooleanManager(
      (e) => {
        emit = e
        return undefined
      },
      () => env,
    )
    const seen: boolean[] = []
    manager.subscribe((v) => seen.push(v))
    expect(manager.get()).toBe(true)
    emit?.(true)
    emit?.(false)
    emit?.(false)
    manager.set(true)
    expect(seen).toEqual([false, true])
    env = false
    expect(manager.get()).toBe(true) // the reported value wins while the source is installed
  })

  it('forgets reported values once the source is removed', () => {
    let env = true
    const manager = new BooleanManager(
      (emit) => {
        emit(false)
        return undefined
      },
      () => env,
    )
    const off = manager.subscribe(() => {})
    expect(manager.get()).toBe(false)
    off()
    env = true
    expect(manager.get()).toBe(true)
  })
})
