import { listen } from './dom'
import { EventManager } from './event-manager'

/**
 * User interaction (pointer, key, touch). Listeners hear every event; the client throttles
 * (`interactionThrottle`). Listeners are passive and capture-phase so they never delay the page.
 *
 * @example
 * interactionManager.subscribe(() => console.log('user is active'))
 */
export class InteractionManager extends EventManager<void> {
  constructor() {
    super((emit) =>
      listen('window', ['pointerdown', 'keydown', 'touchstart'], () => emit(), { capture: true, passive: true }),
    )
  }
}

/** The shared default instance used by clients created without their own. */
export const interactionManager = /* @__PURE__ */ new InteractionManager()
