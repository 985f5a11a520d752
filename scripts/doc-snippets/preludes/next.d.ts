// Prelude for Next.js fragments: the app's `@/lib/reality` module (docs/NEXTJS.md step 1:
// `export const { server } = createEmbeddedRealityServer({ serverId: 'web' })`) and the app's own helpers.
declare module '@/lib/reality' {
  export const server: ReturnType<typeof import('@rootlodge/reality-server').createEmbeddedRealityServer>['server']
}
/** However the app obtains its access token. */
declare function currentToken(): Promise<string>
/** The app's database write. */
declare function saveMessage(text: string): Promise<void>
