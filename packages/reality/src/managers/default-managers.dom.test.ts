// @vitest-environment jsdom
import { describe, expect, it } from 'vitest'
import { FocusManager } from './focus-manager'
import { InteractionManager } from './interaction-manager'
import { OnlineManager } from './online-manager'
import { VisibilityManager } from './visibility-manager'

// The browser defaults, on fresh instances, against jsdom's window and document.

const setVisibility = (state: 'visible' | 'hidden') => {
  Object.defineProperty(document, 'visibilityState', { value: state, configurable: true })
  document.dispatchEvent(new Event('visibilitychange'))
}

describe('browser default event sources', () => {
  it('FocusManager follows window focus and blur', () => {
    const manager = new FocusManager()
    const seen: boolean[] = []
    const off = manager.subscribe((v) => seen.push(v))
    window.dispatchEvent(new Event('focus'))
    window.dispatchEvent(new Event('blur'))
    expect(manager.get()).toBe(false)
    window.dispatchEvent(new Event('focus'))
    expect(manager.get()).toBe(true)
    expect(seen.slice(-2)).toEqual([false, true])
    const count = seen.length
    off()
    window.dispatchEvent(new Event('blur'))
    expect(seen).toHaveLength(count)
  })

  it('VisibilityManager follows visibilitychange', () => {
    const manager = new VisibilityManager()
    const seen: boolean[] = []
    setVisibility('visible')
    manager.subscribe((v) => seen.push(v))
    setVisibility('hidden')
    expect(manager.get()).toBe(false)
    setVisibility('visible')
    expect(seen).toEqual([false, true])
  })

  it('OnlineManager starts online and follows online/offline', () => {
    const manager = new OnlineManager()
    expect(manager.get()).toBe(true)
    const seen: boolean[] = []
    manager.subscribe((v) => seen.push(v))
    window.dispatchEvent(new Event('offline'))
    window.dispatchEvent(new Event('online'))
    expect(seen).toEqual([false, true])
    manager.set(false)
    expect(manager.get()).toBe(false)
  })

  it('InteractionManager reports pointer, key and touch events', () => {
    const manager = new InteractionManager()
    let count = 0
    const off = manager.subscribe(() => count++)
    for (const type of ['pointerdown', 'keydown', 'touchstart', 'scroll']) window.dispatchEvent(new Event(type))
    expect(count).toBe(3)
    off()
    window.dispatchEvent(new Event('keydown'))
    expect(count).toBe(3)
  })
})
