import type { RealityNodeMeta } from '@rootlodge/reality/types'
import { type Clock, probe, systemClock, withTimeout } from '../timing'
import { COUNTER_KEY } from './sql/dialects'
import { toNumber } from './sql/executor'
import type { RealityStorage } from './types'

/*
 * Storage through a Prisma model, so it works with whatever database and driver adapter the
 * Prisma client was built for. Same layout as SQLStorage: the row with key '' is the version
 * counter. Prisma's query API has no GREATEST, so a version is issued in one or two steps:
 *
 *   1. UPDATE … SET version = clock WHERE key = '' AND version < clock  → 1 row: the clock is ours
 *   2. otherwise UPDATE … SET version = version + 1 (upsert)           → the incremented value
 *
 * Both are single-row atomic writes, so concurrent servers never get the same version.
 */

interface PrismaNodeRow {
  key: string
  version: bigint | number
  hash: string
  updatedAt: bigint | number
}

/** The calls made on the model delegate (`prisma.realityNode`). */
interface PrismaNodeDelegate {
  findUnique(args: { where: { key: string } }): Promise<PrismaNodeRow | null>
  findMany(args: object): Promise<PrismaNodeRow[]>
  updateMany(args: { where: object; data: object }): Promise<{ count: number }>
  create(args: { data: object }): Promise<PrismaNodeRow>
  upsert(args: { where: { key: string }; create: object; update: object }): Promise<PrismaNodeRow>
  deleteMany(args: { where: { key: string } }): Promise<{ count: number }>
}

/** Options of `new PrismaStorage()` and `createPrismaStorage`. */
export interface PrismaStorageOptions {
  /** A `PrismaClient` (or an extended one) generated with the model from docs/STORAGE.md. */
  prisma: object
  /** Model name in schema.prisma (default `RealityNode`). */
  modelName?: string
  /** Longest wait for one query before the storage reports failure (default 5,000 ms). */
  timeoutMs?: number
  /** Wall clock in ms that floors new versions (tests inject one). */
  now?: () => number
  /** Timers of the request timeouts (tests pass a fake one). */
  clock?: Clock
}

const toMeta = (row: PrismaNodeRow): RealityNodeMeta => ({
  key: row.key,
  version: toNumber(row.version),
  hash: row.hash,
  updatedAt: toNumber(row.updatedAt),
})

const isUniqueViolation = (error: unknown): boolean =>
  typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 'P2002'

/**
 * Storage in a Prisma model (PostgreSQL, MySQL, SQLite: any provider Prisma supports).
 *
 * @example
 * const prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: process.env.DATABASE_URL }) })
 * const storage = new PrismaStorage({ prisma, modelName: 'RealityNode' })
 */
export class PrismaStorage implements RealityStorage {
  /** The model this storage uses (`RealityNode` by default). */
  readonly modelName: string
  readonly #model: PrismaNodeDelegate
  readonly #timeoutMs: number
  readonly #now: () => number
  readonly #clock: Clock
  #counterFloor = 0

  constructor(options: PrismaStorageOptions) {
    this.modelName = options.modelName ?? 'RealityNode'
    const property = this.modelName.charAt(0).toLowerCase() + this.modelName.slice(1)
    const model = (options.prisma as Record<string, unknown>)[property] as PrismaNodeDelegate | undefined
    if (typeof model?.findMany !== 'function') {
      throw new TypeError(
        `the Prisma client has no model ${this.modelName}: add the model from docs/STORAGE.md to schema.prisma and run prisma generate`,
      )
    }
    this.#model = model
    this.#timeoutMs = options.timeoutMs ?? 5000
    this.#now = options.now ?? Date.now
    this.#clock = options.clock ?? systemClock
  }

  async getNode(key: string): Promise<RealityNodeMeta | null> {
    if (key === COUNTER_KEY) return null
    const row = await this.#run(this.#model.findUnique({ where: { key } }))
    return row ? toMeta(row) : null
  }

  async getNodes(keys: string[]): Promise<Map<string, RealityNodeMeta>> {
    const out = new Map<string, RealityNodeMeta>()
    const wanted = [...new Set(keys)].filter((key) => key !== COUNTER_KEY)
    if (wanted.length === 0) return out
    for (const row of await this.#run(this.#model.findMany({ where: { key: { in: wanted } } }))) {
      out.set(row.key, toMeta(row))
    }
    return out
  }

  async setNode(key: string, meta: RealityNodeMeta): Promise<void> {
    if (key === COUNTER_KEY) throw new TypeError('the empty key is reserved')
    const data = { version: BigInt(meta.version), hash: meta.hash, updatedAt: BigInt(meta.updatedAt) }
    const replace = () => this.#run(this.#model.updateMany({ where: { key, version: { lte: data.version } }, data }))
    if ((await replace()).count === 0) {
      try {
        await this.#run(this.#model.create({ data: { key, ...data } }))
      } catch (error) {
        if (!isUniqueViolation(error)) throw error
        await replace() // created meanwhile by another writer: replace it unless it is newer
      }
    }
    if (meta.version > this.#counterFloor) await this.#raise(meta.version)
  }

  async incrementVersion(_key: string): Promise<number> {
    const now = Math.floor(this.#now())
    const clock = BigInt(now * 1000)
    const counter = { key: COUNTER_KEY }
    const jumped = await this.#run(
      this.#model.updateMany({
        where: { ...counter, version: { lt: clock } },
        data: { version: clock, updatedAt: BigInt(now) },
      }),
    )
    let version: number
    if (jumped.count === 1) version = now * 1000
    else {
      const upsert = () =>
        this.#run(
          this.#model.upsert({
            where: counter,
            create: { ...counter, version: clock, hash: '', updatedAt: BigInt(now) },
            update: { version: { increment: 1 }, updatedAt: BigInt(now) },
          }),
        )
      // Two first-ever upserts may race on the insert; the loser then increments.
      version = toNumber(
        (await upsert().catch((error) => (isUniqueViolation(error) ? upsert() : Promise.reject(error)))).version,
      )
    }
    if (version > this.#counterFloor) this.#counterFloor = version
    return version
  }

  async listChangedSince(version: number): Promise<RealityNodeMeta[]> {
    const rows = await this.#run(
      this.#model.findMany({
        where: { version: { gt: BigInt(Math.floor(version)) }, key: { not: COUNTER_KEY } },
        orderBy: { version: 'asc' },
      }),
    )
    return rows.map(toMeta)
  }

  async getMaxVersion(): Promise<number> {
    const row = await this.#run(this.#model.findUnique({ where: { key: COUNTER_KEY } }))
    const max = row ? toNumber(row.version) : 0
    if (max > this.#counterFloor) this.#counterFloor = max
    return max
  }

  async deleteNode(key: string): Promise<void> {
    if (key === COUNTER_KEY) return
    await this.#run(this.#model.deleteMany({ where: { key } }))
  }

  async isHealthy(): Promise<boolean> {
    return probe(() => this.#model.findUnique({ where: { key: COUNTER_KEY } }), this.#timeoutMs, this.#clock)
  }

  /** Lifts the counter to a version written by setNode but not issued here. */
  async #raise(version: number): Promise<void> {
    const target = BigInt(version)
    const { count } = await this.#run(
      this.#model.updateMany({ where: { key: COUNTER_KEY, version: { lt: target } }, data: { version: target } }),
    )
    if (count === 0) {
      await this.#run(
        this.#model.create({
          data: { key: COUNTER_KEY, version: target, hash: '', updatedAt: BigInt(Math.floor(this.#now())) },
        }),
      ).catch((error) => {
        if (!isUniqueViolation(error)) throw error // exists and is already at least `version`
      })
    }
    this.#counterFloor = version
  }

  #run<T>(query: Promise<T>): Promise<T> {
    return withTimeout(query, this.#timeoutMs, 'PrismaStorage query', this.#clock)
  }
}

/**
 * Alias of `new PrismaStorage(options)`.
 *
 * @example
 * const storage = createPrismaStorage({ prisma })
 */
export const createPrismaStorage = (options: PrismaStorageOptions): PrismaStorage => new PrismaStorage(options)

/**
 * Alias of `new PrismaStorage({ prisma, ...options })`: the client first, then `{ modelName }`.
 *
 * @example
 * const storage = createPrismaAdapter(new PrismaClient({ adapter }), { modelName: 'RealityNode' })
 */
export const createPrismaAdapter = (
  prisma: object,
  options: Omit<PrismaStorageOptions, 'prisma'> = {},
): PrismaStorage => new PrismaStorage({ ...options, prisma })
