// Bun on the built package: started by bun.test.ts and bench/runtimes.mjs; prints its ports as one JSON line.
import type { BunGlobal } from './bun-global'
import { guide } from './guide-snippet'
import { listening } from './listen-snippet'
import { readme } from './readme-snippet'

declare const Bun: BunGlobal

console.log(
  JSON.stringify({
    runtime: 'bun',
    version: Bun.version,
    ports: { readme: readme.port, guide: guide.port, listen: listening.port },
    listenUrl: listening.url,
  }),
)
