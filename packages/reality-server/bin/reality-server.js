#!/usr/bin/env node
// Committed so npm links the `reality-server` bin at install time, before dist exists; it runs the built CLI.
import { existsSync } from 'node:fs'

const cli = new URL('../dist/cli/index.js', import.meta.url)
if (!existsSync(cli)) {
  console.error('reality-server: the CLI is not built yet (dist/cli/index.js is missing): run npm run build first')
  process.exit(1)
}
await import(cli.href)
