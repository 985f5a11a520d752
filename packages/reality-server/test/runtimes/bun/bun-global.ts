/**
 * The slice of Bun's global the scripts use. Declared per file (`declare const Bun: BunGlobal`) rather
 * than through bun-types, whose globals would leak into the whole package's type check.
 */
export interface BunGlobal {
  version: string
  serve(options: { port?: number; hostname?: string; fetch(request: Request): Response | Promise<Response> }): {
    port: number
    stop(): void
  }
}
