import { defineConfig } from 'tsup'

// The server as one ESM file; the shared chat code (TypeScript sources) is bundled in,
// ws stays a regular dependency.
export default defineConfig({
  entry: { main: 'server/main.ts' },
  outDir: 'dist-server',
  format: ['esm'],
  platform: 'node',
  target: 'node20',
  clean: true,
  noExternal: ['@reality-examples/chat-shared'],
})
