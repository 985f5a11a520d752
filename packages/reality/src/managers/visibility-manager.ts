import { BooleanManager } from './boolean-manager'
import { documentVisible, listen } from './dom'

/**
 * Page visibility. Default source: `visibilitychange` on `document`, when it exists.
 *
 * @example
 * visibilityManager.subscribe((visible) => console.log(visible ? 'visible' : 'hidden'))
 */
export class VisibilityManager extends BooleanManager {
  constructor() {
    super(
      (setVisible) => listen('document', ['visibilitychange'], () => setVisible(documentVisible())),
      documentVisible,
    )
  }
}

/** The shared default instance used by clients created without their own. */
export const visibilityManager = /* @__PURE__ */ new VisibilityManager()
