// Prelude for Prisma fragments: the client `prisma generate` writes for the app's schema (docs/STORAGE.md's
// RealityNode model plus the app's Post and Order models), reduced to the members the docs call, and `prisma`, one
// instance of it. Prisma 7's `@prisma/client` re-exports the generated client, which nothing generates here.
// Global declarations, so a snippet's own import or `const` of the same name shadows them.
declare module '@prisma/client' {
  interface Delegate<Row, Create, Where> {
    create(args: { data: Create }): Promise<Row>
    update(args: { where: Where; data: Partial<Create> }): Promise<Row>
    findMany(args?: { where?: Partial<Row> }): Promise<Row[]>
  }
  export class PrismaClient {
    /** Prisma 7: a driver adapter is required. */
    constructor(options: { adapter: import('@prisma/adapter-pg').PrismaPg })
    realityNode: Delegate<
      { key: string; version: bigint; hash: string; updatedAt: bigint },
      { key: string; version: bigint; hash: string; updatedAt: bigint },
      { key: string }
    >
    post: Delegate<{ id: number; title: string }, { title: string }, { id: number }>
    order: Delegate<{ id: string; status: string }, { status: string }, { id: string }>
    $extends(extension: object): this
    $transaction<T>(fn: (tx: Omit<this, '$transaction' | '$extends'>) => Promise<T>): Promise<T>
    $disconnect(): Promise<void>
  }
}
declare const prisma: import('@prisma/client').PrismaClient
/** The id of the order being updated. */
declare const id: string
