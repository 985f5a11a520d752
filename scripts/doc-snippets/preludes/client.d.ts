// Prelude for client fragments: `reality`, the client exports they call without importing, and the app's types.
// Global declarations, so a snippet's own import or `const` of the same name shadows them.
declare const reality: import('@rootlodge/reality').RealityClient
declare const createRealityClient: typeof import('@rootlodge/reality').createRealityClient
declare const realityKey: typeof import('@rootlodge/reality').realityKey
interface Post {
  id: string | number
  title: string
}
declare const input: { title: string }
interface User {
  id: string
  name: string
}
interface Message {
  id: string
  text: string
}
declare function createPost(input: { title: string }): Promise<Post>
declare function render(posts: Post[], status: string): void
interface Order {
  id: string
  status: string
}
interface NotificationItem {
  id: string
  text: string
}
declare function showOfflineBanner(): void
declare function setNotifications(notifications: NotificationItem[]): void
declare function renderOrders(orders: Order[]): void
declare function showPresence(presence: string): void
/** The app's TanStack Query client, beside its Reality client (`realityClient`, the same as `reality`). */
declare const queryClient: import('@tanstack/query-core').QueryClient
declare const realityClient: import('@rootlodge/reality').RealityClient
