import type { Actor } from '../domain'

/** Who this tab is: a user (shared by the browser's tabs) and the tab itself. */
export interface Identity {
  actor: Actor
  /** Unique per tab, kept across reloads of that tab (sessionStorage). */
  tab: string
}

const NAMES = ['Ada', 'Grace', 'Linus', 'Margaret', 'Alan', 'Barbara', 'Ken', 'Radia', 'Dennis', 'Frances']

const randomId = (): string =>
  typeof crypto !== 'undefined' && 'randomUUID' in crypto
    ? crypto.randomUUID()
    : `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`

const slug = (name: string): string =>
  `u-${name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 40)}`

const remembered = (storage: Storage | undefined, key: string, make: () => string): string => {
  const found = storage?.getItem(key)
  if (found) return found
  const value = make()
  storage?.setItem(key, value)
  return value
}

/** This tab's id: unique per tab, kept across reloads of that tab. */
export const loadTabId = (session?: Storage): string => remembered(session, 'reality-chat:tab', () => `t-${randomId()}`)

/**
 * The WebSocket baseline has no accounts: `?name=Alice` picks a user (its id derives from the name, so two
 * tabs named Alice are one user); otherwise the browser keeps a random name it made up once.
 */
export const loadIdentity = (location: Location, local?: Storage, session?: Storage): Identity => {
  const asked = new URLSearchParams(location.search).get('name')?.trim().slice(0, 40)
  const name = asked || remembered(local, 'reality-chat:name', () => NAMES[Math.floor(Math.random() * NAMES.length)])
  const id = asked ? slug(asked) : remembered(local, 'reality-chat:user', () => `u-${randomId()}`)
  return { actor: { id, name }, tab: loadTabId(session) }
}

export const newId = randomId
