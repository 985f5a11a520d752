/**
 * @module
 * SSR: read versions from the embedded server during a render, dehydrate them (with payloads) for the browser,
 * and start the browser client from them so unchanged payloads are not fetched again.
 */

export type { EmbeddedServerHandle } from '../protocol/embedded-registry'
export { hydrationOptions, type RealityDehydratedState, serializeState } from './dehydrated-state'
export { getEmbeddedServer } from './embedded'
export { createSSRContext, type SSRContext, type SSRContextOptions } from './ssr-context'
export {
  createRealityTanStackAdapter,
  TanStackRealityAdapter,
  type TanStackRealityAdapterOptions,
} from './tanstack-adapter'
