// The bindings the test workers read from `cloudflare:workers` (set by workers.test.ts through Miniflare).
declare module 'cloudflare:workers' {
  import type { D1DatabaseLike } from '@rootlodge/reality-server'

  export const env: { DB: D1DatabaseLike; REALITY_ADMIN_TOKEN: string; REALITY_BODY_LIMIT: string }
}
