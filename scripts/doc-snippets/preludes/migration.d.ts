// Prelude for docs/MIGRATION.md's server fragments: `reality`, the server its step 1 creates
// (`const reality = createRealityServer(…)`), and the app being migrated: its order store, the order being saved,
// the notifications it streamed and the event bus its SSE route listened on.
// Global declarations, so a snippet's own import or `const` of the same name shadows them.
declare const reality: import('@rootlodge/reality-server').RealityServer
interface Order {
  id: string
  status: string
}
declare const db: { orders: { update(order: Order): Promise<void>; list(): Promise<Order[]> } }
declare const order: Order
declare const notifications: { id: string; text: string }[]
declare const bus: import('node:events').EventEmitter
/** The page's refresh after the stream said what changed. */
declare function refresh(change: { changed: string }): void
