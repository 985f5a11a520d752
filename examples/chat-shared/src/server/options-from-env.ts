import { type ChatServiceOptions, DEFAULT_MODERATION } from './chat-service'

/**
 * Chat settings both servers read from the environment:
 *   CHAT_SNAPSHOT_EVERY  snapshot interval in events (default 50)
 *   CHAT_WINDOW          messages a join carries (default 50)
 *   CHAT_RATE_LIMIT      `burst:perSecond` per user and room (default 20:2), or `off` (benchmarks)
 *   CHAT_BLOCKED_WORDS   comma-separated (default `forbidden`)
 */
export const chatOptionsFromEnv = (env: Record<string, string | undefined>): Partial<ChatServiceOptions> => {
  const number = (name: string): number | undefined => {
    const raw = env[name]
    if (raw === undefined || raw === '') return undefined
    const value = Number(raw)
    if (!Number.isSafeInteger(value) || value < 1) throw new Error(`${name} must be a positive integer, got ${raw}`)
    return value
  }
  const limit = env.CHAT_RATE_LIMIT
  let rateLimit = DEFAULT_MODERATION.rateLimit
  if (limit === 'off') rateLimit = { burst: Number.MAX_SAFE_INTEGER, perSecond: Number.MAX_SAFE_INTEGER }
  else if (limit) {
    const [burst, perSecond] = limit.split(':').map(Number)
    if (!(burst >= 1 && perSecond > 0)) throw new Error(`CHAT_RATE_LIMIT must be burst:perSecond or off, got ${limit}`)
    rateLimit = { burst, perSecond }
  }
  return {
    snapshotEvery: number('CHAT_SNAPSHOT_EVERY'),
    windowSize: number('CHAT_WINDOW'),
    moderation: {
      rateLimit,
      blockedWords: env.CHAT_BLOCKED_WORDS?.split(',').map((word) => word.trim()) ?? DEFAULT_MODERATION.blockedWords,
    },
  }
}
