// Prelude for Deno fragments: the part of the `Deno` global they use (Deno's lib types are not installed here).
declare const Deno: {
  serve(
    options: { port?: number; hostname?: string },
    handler: (request: Request, info: unknown) => Response | Promise<Response>,
  ): { finished: Promise<void>; shutdown(): Promise<void> }
}
