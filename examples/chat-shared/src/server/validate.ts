import { type Actor, type Command, type Hlc, REACTION_EMOJI } from '../domain'

/*
 * Request bodies come from the network: check every field before it reaches a room. Returns
 * the typed value or a message saying what is wrong.
 */

const MAX_ID = 64
type Json = Record<string, unknown>

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value)
const isId = (value: unknown): value is string =>
  typeof value === 'string' && value.length > 0 && value.length <= MAX_ID
const isText = (value: unknown): value is string => typeof value === 'string' && value.length <= 10_000

export const parseActor = (value: unknown): Actor | string => {
  if (!isObject(value) || !isId(value.id)) return 'actor.id must be a string of 1 to 64 characters'
  if (typeof value.name !== 'string' || value.name.trim().length === 0 || value.name.length > 40) {
    return 'actor.name must be a string of 1 to 40 characters'
  }
  return { id: value.id, name: value.name.trim() }
}

const parseHlc = (value: unknown): Hlc | undefined =>
  isObject(value) &&
  Number.isSafeInteger(value.wall) &&
  Number.isSafeInteger(value.count) &&
  (value.count as number) >= 0 &&
  isId(value.node)
    ? { wall: value.wall as number, count: value.count as number, node: value.node as string }
    : undefined

const parseCommand = (value: unknown): Command | string => {
  if (!isObject(value) || !isId(value.id)) return 'each command needs an id of 1 to 64 characters'
  const id = value.id
  switch (value.type) {
    case 'message.sent':
    case 'message.edited': {
      const hlc = parseHlc(value.hlc)
      if (!isText(value.text) || !hlc) return `${value.type} needs text and hlc`
      // Stored trimmed: the length limit applies to what is kept, and padding costs nothing.
      return { type: value.type, id, text: value.text.trim(), hlc }
    }
    case 'message.deleted': {
      const hlc = parseHlc(value.hlc)
      return hlc ? { type: 'message.deleted', id, hlc } : 'message.deleted needs hlc'
    }
    case 'reaction.added':
      if (!REACTION_EMOJI.includes(value.emoji as (typeof REACTION_EMOJI)[number]) || !isId(value.tag)) {
        return 'reaction.added needs a known emoji and a tag'
      }
      return { type: 'reaction.added', id, emoji: value.emoji as string, tag: value.tag }
    case 'reaction.removed':
      if (
        !REACTION_EMOJI.includes(value.emoji as (typeof REACTION_EMOJI)[number]) ||
        !Array.isArray(value.tags) ||
        value.tags.length > 100 ||
        !value.tags.every(isId)
      ) {
        return 'reaction.removed needs a known emoji and at most 100 tags'
      }
      return { type: 'reaction.removed', id, emoji: value.emoji as string, tags: value.tags as string[] }
    default:
      return `unknown command type ${JSON.stringify(value.type)}`
  }
}

/** Parses `{ commands }` (at most 100 commands). Any other field, `actor` included, is ignored. */
export const parseCommandsRequest = (body: unknown): Command[] | string => {
  if (!isObject(body)) return 'body must be a JSON object'
  if (!Array.isArray(body.commands) || body.commands.length === 0 || body.commands.length > 100) {
    return 'commands must be an array of 1 to 100 commands'
  }
  const commands: Command[] = []
  for (const raw of body.commands) {
    const command = parseCommand(raw)
    if (typeof command === 'string') return command
    commands.push(command)
  }
  return commands
}
