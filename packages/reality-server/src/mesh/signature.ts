/*
 * HMAC-SHA-256 signatures of mesh exchanges, with WebCrypto so it runs wherever the server
 * does (Node, Bun, Deno, workerd). A signature covers a timestamp, a random nonce, what the
 * message answers (a reply names the request's signature, so it cannot be replayed as the
 * answer to another request) and the JSON body as sent. The receiver rejects signatures older
 * or newer than the window, and nonces it already saw within it.
 */

/** Header carrying `t=<ms>,n=<nonce>,s=<base64url HMAC>`. */
export const MESH_SIGNATURE_HEADER = 'x-reality-mesh-signature'
/** How far a signature's timestamp may be from the receiver's clock (ms). */
export const SIGNATURE_WINDOW_MS = 30_000

const encoder = new TextEncoder()

const toBase64Url = (bytes: ArrayBuffer): string => {
  let text = ''
  for (const byte of new Uint8Array(bytes)) text += String.fromCharCode(byte)
  return btoa(text).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')
}

const fromBase64Url = (text: string): Uint8Array<ArrayBuffer> | undefined => {
  try {
    const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'))
    const bytes = new Uint8Array(binary.length)
    for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i)
    return bytes
  } catch {
    return undefined
  }
}

const randomNonce = (): string => {
  const bytes = new Uint8Array(12)
  crypto.getRandomValues(bytes)
  return toBase64Url(bytes.buffer)
}

const parseHeader = (header: string): { t: number; n: string; s: string } | undefined => {
  const fields = new Map(
    header.split(',').map((part) => {
      const at = part.indexOf('=')
      return [part.slice(0, at).trim(), part.slice(at + 1).trim()] as const
    }),
  )
  const t = Number(fields.get('t'))
  const n = fields.get('n') ?? ''
  const s = fields.get('s') ?? ''
  if (!Number.isSafeInteger(t) || n.length === 0 || n.length > 64 || s.length === 0) return undefined
  return { t, n, s }
}

export class MeshSigner {
  readonly #key: Promise<CryptoKey>
  readonly #now: () => number
  // Nonces seen within the window, with when they expire. Only verified ones are stored.
  readonly #seen = new Map<string, number>()

  constructor(secret: string, now: () => number = Date.now) {
    this.#now = now
    this.#key = crypto.subtle.importKey('raw', encoder.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, [
      'sign',
      'verify',
    ])
  }

  /** The signature header of `body`, sent in answer to `answers` ('' for a request). */
  async sign(body: string, answers = ''): Promise<string> {
    const t = Math.floor(this.#now())
    const n = randomNonce()
    const mac = await crypto.subtle.sign('HMAC', await this.#key, encoder.encode(`${t}.${n}.${answers}.${body}`))
    return `t=${t},n=${n},s=${toBase64Url(mac)}`
  }

  /** True when `header` signs `body` with this secret, recently, and was not seen before. */
  async verify(body: string, header: string | null | undefined, answers = ''): Promise<boolean> {
    if (!header || header.length > 256) return false
    const parsed = parseHeader(header)
    if (!parsed) return false
    const now = this.#now()
    if (Math.abs(now - parsed.t) > SIGNATURE_WINDOW_MS) return false
    const mac = fromBase64Url(parsed.s)
    if (!mac) return false
    const data = encoder.encode(`${parsed.t}.${parsed.n}.${answers}.${body}`)
    if (!(await crypto.subtle.verify('HMAC', await this.#key, mac, data))) return false
    this.#forgetExpired(now)
    if (this.#seen.has(parsed.n)) return false
    this.#seen.set(parsed.n, parsed.t + SIGNATURE_WINDOW_MS)
    return true
  }

  #forgetExpired(now: number): void {
    // Insertion order is roughly expiry order: stop at the first one still valid.
    for (const [nonce, expires] of this.#seen) {
      if (expires >= now) break
      this.#seen.delete(nonce)
    }
  }
}
