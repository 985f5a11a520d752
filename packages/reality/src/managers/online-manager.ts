import { BooleanManager } from './boolean-manager'
import { listen } from './dom'

/**
 * Network state. Default source: `online`/`offline` on `window`. Starts online: `navigator.onLine` reports false
 * negatives in some browsers, and a wrong "offline" would silence syncing entirely.
 *
 * @example
 * onlineManager.subscribe((online) => online && console.log('back online'))
 */
export class OnlineManager extends BooleanManager {
  constructor() {
    super(
      (setOnline) => listen('window', ['online', 'offline'], (event) => setOnline(event.type === 'online')),
      () => true,
    )
  }
}

/** The shared default instance used by clients created without their own. */
export const onlineManager = /* @__PURE__ */ new OnlineManager()
