import type { InvalidationTarget } from '../core/invalidation'

/** What a key extractor may return: the keys a write changed (nothing for none). */
export type ExtractedKeys = readonly string[] | null | undefined

/**
 * The server an ORM hook invalidates through, once attached. A write that already committed
 * must not fail because Reality could not record it: failures go to the server's `onError`.
 */
export class HookTarget {
  #target: InvalidationTarget | undefined

  attach(target: InvalidationTarget): void {
    this.#target = target
  }

  detach(): void {
    this.#target = undefined
  }

  /** Keys from one extractor call per row, deduplicated; an extractor that throws is reported. */
  collect(
    rows: readonly unknown[],
    extract: (row: Record<string, unknown>) => ExtractedKeys,
    into = new Set<string>(),
  ) {
    for (const row of rows) {
      try {
        const keys = extract(typeof row === 'object' && row !== null ? (row as Record<string, unknown>) : {})
        if (Array.isArray(keys)) for (const key of keys) if (typeof key === 'string' && key) into.add(key)
      } catch (error) {
        this.report(error)
      }
    }
    return into
  }

  async invalidate(keys: Iterable<string>): Promise<void> {
    const list = [...keys]
    const target = this.#target
    if (!target || list.length === 0) return
    try {
      await target.invalidateMany(list)
    } catch (error) {
      this.report(error)
    }
  }

  report(error: unknown): void {
    this.#target?.reportError?.(error)
  }
}
