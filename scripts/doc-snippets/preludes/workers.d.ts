// Prelude for Cloudflare Workers fragments: the `cloudflare:workers` module (@cloudflare/workers-types is not
// installed here), with the bindings of docs/RUNTIMES.md's wrangler.toml: the D1 database `DB` and a secret.
declare module 'cloudflare:workers' {
  export const env: {
    DB: import('@rootlodge/reality-server').D1DatabaseLike
    REALITY_ADMIN_TOKEN: string
  }
}
