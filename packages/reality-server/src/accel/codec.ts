import { MAX_KEY_LENGTH, type RealityNodeMeta } from '@rootlodge/reality/types'

/*
 * Wire format of accelerator messages, compact because PostgreSQL caps a NOTIFY payload at
 * 8,000 bytes: {"o":"<origin server id>","n":[[key,version,hash,updatedAt],…]}.
 */

type Row = [string, number, string, number]

interface Message {
  o: string
  n: Row[]
}

const encoder = new TextEncoder()
const bytes = (text: string): number => encoder.encode(text).length

/** One encoded message and the number of nodes in it. */
export interface EncodedMessage {
  text: string
  count: number
}

/** Encodes nodes as one or more messages of at most `maxBytes` UTF-8 bytes each. */
export const encodeUpdates = (
  origin: string,
  nodes: readonly RealityNodeMeta[],
  maxBytes: number,
): EncodedMessage[] => {
  const head = bytes(JSON.stringify({ o: origin, n: [] }))
  const out: EncodedMessage[] = []
  const emit = (rows: Row[]): void => {
    out.push({ text: JSON.stringify({ o: origin, n: rows } satisfies Message), count: rows.length })
  }
  let rows: Row[] = []
  let size = head
  for (const node of nodes) {
    const row: Row = [node.key, node.version, node.hash, node.updatedAt]
    const rowBytes = bytes(JSON.stringify(row)) + 1
    if (head + rowBytes > maxBytes) continue // cannot fit even alone (hash of kilobytes): the cache catches up
    if (rows.length > 0 && size + rowBytes > maxBytes) {
      emit(rows)
      rows = []
      size = head
    }
    rows.push(row)
    size += rowBytes
  }
  if (rows.length > 0) emit(rows)
  return out
}

const isRow = (row: unknown): row is Row =>
  Array.isArray(row) &&
  typeof row[0] === 'string' &&
  row[0].length > 0 &&
  row[0].length <= MAX_KEY_LENGTH &&
  Number.isSafeInteger(row[1]) &&
  row[1] >= 0 &&
  typeof row[2] === 'string' &&
  typeof row[3] === 'number'

/** Decodes a message; `undefined` for anything malformed (another app on the channel, a bug). */
export const decodeUpdates = (text: string): { origin: string; nodes: RealityNodeMeta[] } | undefined => {
  let message: unknown
  try {
    message = JSON.parse(text)
  } catch {
    return undefined
  }
  if (typeof message !== 'object' || message === null) return undefined
  const { o, n } = message as Partial<Message>
  if (typeof o !== 'string' || !Array.isArray(n)) return undefined
  const nodes: RealityNodeMeta[] = []
  for (const row of n as unknown[])
    if (isRow(row)) nodes.push({ key: row[0], version: row[1], hash: row[2], updatedAt: row[3] })
  return { origin: o, nodes }
}
