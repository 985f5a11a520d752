// Prelude for Bun fragments: the part of the `Bun` global they use (bun-types is not installed here).
declare const Bun: {
  serve(options: {
    port?: number
    hostname?: string
    fetch(request: Request, server: unknown): Response | Promise<Response>
  }): { port: number; stop(closeActiveConnections?: boolean): Promise<void> }
}
