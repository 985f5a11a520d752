// Prelude for server-rendering fragments: the router's route object and redirect helper, and the response being
// written. Global declarations, so a snippet's own import or `const` of the same name shadows them.
/** The page's route: its loader returned the posts and the dehydrated Reality state. */
declare const Route: {
  useLoaderData(): { posts: Post[]; realityState: import('@rootlodge/reality').RealityDehydratedState }
}
/** The router's redirect response (React Router / Remix signature). */
declare function redirect(url: string, init?: number | ResponseInit): Response
declare const response: import('node:http').ServerResponse
