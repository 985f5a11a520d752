// The few names these tests use from @rootlodge/reality-server@1.2.2 (installed as `reality-server-v122`, no types).
declare module 'reality-server-v122' {
  export class MemoryStorage {}
  export interface LegacyServer {
    getFetchHandler(prefix: string): (request: Request) => Promise<Response>
    updateNode(key: string, hash: string): Promise<unknown>
  }
  export function createRealityServer(config: { serverId: string }, storage: MemoryStorage): LegacyServer
}
