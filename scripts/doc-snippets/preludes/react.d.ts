// Prelude for React fragments: the hooks and provider, the app's components, data and types.
// Global declarations, so a snippet's own import or `const` of the same name shadows them.
declare const RealityProvider: typeof import('@rootlodge/reality/react').RealityProvider
declare const useReality: typeof import('@rootlodge/reality/react').useReality
declare const useRealityClient: typeof import('@rootlodge/reality/react').useRealityClient
declare const useSync: typeof import('@rootlodge/reality/react').useSync
declare const useMutation: typeof import('@rootlodge/reality/react').useMutation
declare const Suspense: typeof import('react').Suspense
declare function App(): React.JSX.Element
declare function ErrorBoundary(props: {
  fallback: React.ReactNode
  onReset?: () => void
  children: React.ReactNode
}): React.JSX.Element
declare function loadUser(id: string): Promise<User>
declare const id: string
declare const api: { send(text: string): Promise<Message> }
declare function Posts(): React.JSX.Element
declare function OrderList(props: { orders: Order[] }): React.JSX.Element
