import { fileURLToPath } from 'node:url'

// The repository root: where node_modules (next, react, the built @rootlodge/reality-server) lives.
const root = fileURLToPath(new URL('../../../../../../', import.meta.url))

/** A minimal App Router app for nextjs.test.ts; its build goes to an ignored folder, not `.next`. */
export default {
  distDir: 'test-output/next',
  outputFileTracingRoot: root,
  turbopack: { root },
}
