import { describe, expect, it } from 'vitest'
import { FocusManager } from './focus-manager'
import { InteractionManager } from './interaction-manager'
import { OnlineManager } from './online-manager'
import { VisibilityManager } from './visibility-manager'

// In Node (no window, no document) and in React Native (window without addEventListener) the defaults stay inert.

describe('default event sources without a DOM', () => {
  it('install nothing and report focused, visible and online', () => {
    const managers = [new FocusManager(), new VisibilityManager(), new OnlineManager()]
    for (const manager of managers) {
      const off = manager.subscribe(() => {})
      expect(manager.get()).toBe(true)
      off()
    }
    const interaction = new InteractionManager()
    let count = 0
    interaction.subscribe(() => count++)()
    expect(count).toBe(0)
  })

  it('tolerate a window without addEventListener (React Native)', () => {
    const g = globalThis as Record<string, unknown>
    g.window = {}
    try {
      const manager = new FocusManager()
      const off = manager.subscribe(() => {})
      expect(manager.get()).toBe(true)
      off()
    } finally {
      delete g.window
    }
  })
})
