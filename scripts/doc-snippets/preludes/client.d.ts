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
