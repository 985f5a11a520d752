import { SyncResponseSchema } from '@rootlodge/reality/types'

/**
 * A simulated Reality client: it holds a version and hash per key, sends them all in every
 * sync, keeps what comes back, and records any answer that would take a key's version down
 * (or that breaks the protocol) as a violation.
 */
export class SimClient {
  readonly id: string
  readonly known: Record<string, number> = {}
  readonly hashes: Record<string, string> = {}
  readonly violations: string[] = []
  /** Servers that answered, by id. */
  readonly answeredBy = new Map<string, number>()
  syncs = 0

  constructor(id: string, keys: readonly string[]) {
    this.id = id
    for (const key of keys) this.known[key] = 0
  }

  /**
   * One sync against `base` (`http://host:port`). Resolves with the answering server's id;
   * rejects on a network error or a non-200 answer.
   */
  async sync(base: string, signal?: AbortSignal): Promise<string> {
    const response = await fetch(`${base}/reality/sync`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ known: this.known, clientId: this.id, hint: 'focus' }),
      signal,
    })
    if (response.status !== 200) throw new HttpStatusError(response.status, await response.text())
    const parsed = SyncResponseSchema.safeParse(await response.json())
    if (!parsed.success) {
      this.violations.push(`${this.id}: malformed response from ${base}`)
      throw new Error('malformed response')
    }
    const { changed, mesh } = parsed.data
    for (const [key, node] of Object.entries(changed)) {
      if (!(key in this.known)) continue
      if (node.version <= this.known[key])
        this.violations.push(`${this.id}: ${key} went from v${this.known[key]} to v${node.version} (${mesh.serverId})`)
      else {
        this.known[key] = node.version
        this.hashes[key] = node.hash
      }
    }
    this.syncs++
    const id = mesh.serverId ?? base
    this.answeredBy.set(id, (this.answeredBy.get(id) ?? 0) + 1)
    return id
  }

  /** True when the client holds exactly `final` for every key. */
  holds(final: ReadonlyMap<string, { version: number; hash: string }>): boolean {
    for (const [key, node] of final)
      if (this.known[key] !== node.version || this.hashes[key] !== node.hash) return false
    return true
  }
}

export class HttpStatusError extends Error {
  constructor(
    readonly status: number,
    body: string,
  ) {
    super(`HTTP ${status}: ${body.slice(0, 200)}`)
  }
}

/** POSTs an update through `/reality/invalidate` (admin token); resolves with the new metadata. */
export const updateThrough = async (
  base: string,
  token: string,
  key: string,
  hash: string,
): Promise<{ key: string; version: number; hash: string }> => {
  const response = await fetch(`${base}/reality/invalidate`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ keys: [key], hash }),
  })
  if (response.status !== 200) throw new HttpStatusError(response.status, await response.text())
  const { updated } = (await response.json()) as { updated: { key: string; version: number; hash: string }[] }
  return updated[0]
}
