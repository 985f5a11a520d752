// Generates a Prisma 7 client for a test or the benchmark, offline, into test-output/ (git-ignored).
// `prisma generate` would download a schema engine it does not need for generating: point it at
// a stub instead. Tables are created with plain SQL by the caller, never by `prisma migrate`.
import { execFileSync } from 'node:child_process'
import { chmodSync, mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const require = createRequire(import.meta.url)
const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..')

/** The model docs/STORAGE.md tells users to paste, mapped to `table`. */
export const realityNodeModel = (table, modelName = 'RealityNode') => `
model ${modelName} {
  key       String @id
  version   BigInt
  hash      String
  updatedAt BigInt @map("updated_at")

  @@index([version], map: "${table}_version_idx")
  @@map("${table}")
}
`

/**
 * Writes schema.prisma with `models`, runs `prisma generate` and loads the client.
 * @param {{ name: string, models: string }} options
 * @returns {{ PrismaClient: new (options: object) => any, remove: () => void }}
 */
export const generatePrismaClient = ({ name, models }) => {
  const dir = join(root, 'test-output', `prisma-${name}`)
  mkdirSync(dir, { recursive: true })
  const stub = join(dir, 'schema-engine-stub.sh')
  writeFileSync(stub, '#!/bin/sh\necho "schema engine not available offline" >&2\nexit 1\n')
  chmodSync(stub, 0o755)
  const schema = join(dir, 'schema.prisma')
  writeFileSync(
    schema,
    `generator client {\n  provider = "prisma-client-js"\n  output   = "${join(dir, 'client')}"\n}\n\n` +
      `datasource db {\n  provider = "postgresql"\n}\n${models}`,
  )
  execFileSync(process.execPath, [require.resolve('prisma/build/index.js'), 'generate', '--schema', schema], {
    cwd: root,
    env: {
      ...process.env,
      PRISMA_SCHEMA_ENGINE_BINARY: stub,
      CHECKPOINT_DISABLE: '1',
      PRISMA_HIDE_UPDATE_MESSAGE: '1',
    },
    stdio: 'pipe',
  })
  return { PrismaClient: loadPrismaClient(name), remove: () => rmSync(dir, { recursive: true, force: true }) }
}

/** The PrismaClient class generated earlier under `name` (e.g. by another process). */
export const loadPrismaClient = (name) =>
  require(join(root, 'test-output', `prisma-${name}`, 'client', 'index.js')).PrismaClient

/** The DDL for `realityNodeModel(table)` on PostgreSQL, as `prisma migrate` would write it. */
export const realityNodeTableSQL = (table) => [
  `CREATE TABLE "${table}" ("key" TEXT NOT NULL, "version" BIGINT NOT NULL, "hash" TEXT NOT NULL, "updated_at" BIGINT NOT NULL, CONSTRAINT "${table}_pkey" PRIMARY KEY ("key"))`,
  `CREATE INDEX "${table}_version_idx" ON "${table}"("version")`,
]
