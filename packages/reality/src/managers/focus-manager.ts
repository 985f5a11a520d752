import { BooleanManager } from './boolean-manager'
import { listen } from './dom'

const hasFocus = (): boolean =>
  typeof document === 'undefined' || typeof document.hasFocus !== 'function' || document.hasFocus()

/**
 * Window focus. Default source: `focus`/`blur` on `window`, when it exists.
 *
 * @example
 * const unsubscribe = focusManager.subscribe((focused) => focused && console.log('focused'))
 */
export class FocusManager extends BooleanManager {
  constructor() {
    super((setFocused) => listen('window', ['focus', 'blur'], (event) => setFocused(event.type === 'focus')), hasFocus)
  }
}

/** The shared default instance used by clients created without their own. */
export const focusManager = /* @__PURE__ */ new FocusManager()
