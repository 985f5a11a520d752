/** The slice of Deno's global the script uses (declared per file, not through Deno's lib, which would clash with DOM's). */
export interface DenoGlobal {
  version: { deno: string }
  env: { get(name: string): string | undefined }
  serve(
    options: { port: number; hostname: string; onListen(address: { port: number }): void },
    handler: (request: Request) => Response | Promise<Response>,
  ): { finished: Promise<void> }
}
