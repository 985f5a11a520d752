import type { Actor, Command } from '../domain'

export interface RoomDefinition {
  id: string
  name: string
  topic: string
}

export const DEFAULT_ROOMS: readonly RoomDefinition[] = [
  { id: 'general', name: 'general', topic: 'Everything and everyone' },
  { id: 'random', name: 'random', topic: 'Off-topic, links and water-cooler talk' },
  { id: 'engineering', name: 'engineering', topic: 'Builds, deploys and code review' },
  { id: 'design', name: 'design', topic: 'Mockups, critiques and type crimes' },
]

export const WELCOME_ACTOR: Actor = { id: 'reality-bot', name: 'Reality' }

/** What a brand-new #general says, so the first screen explains itself. */
export const welcomeCommands = (now: number): Command[] =>
  [
    'Welcome! Every update in this chat arrives over short HTTP requests: no WebSocket, no SSE, no long-polling.',
    'Open this page in a second tab: messages, reactions, edits, typing and presence follow within a second.',
    'The counter in the header shows every request this tab has made. Hide the tab and it stops at once.',
  ].map((text, i) => ({
    type: 'message.sent' as const,
    id: `welcome-${i + 1}`,
    text,
    hlc: { wall: now, count: i, node: WELCOME_ACTOR.id },
  }))
