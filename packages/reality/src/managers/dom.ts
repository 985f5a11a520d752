/*
 * Guarded access to browser globals. React Native defines `window` without `addEventListener`, and workers or Node
 * have neither, so every default event source checks for the exact function it calls.
 */

type Target = Pick<EventTarget, 'addEventListener' | 'removeEventListener'>

const target = (name: 'window' | 'document'): Target | undefined => {
  const value = (globalThis as Record<string, unknown>)[name] as Partial<Target> | undefined
  return typeof value?.addEventListener === 'function' ? (value as Target) : undefined
}

/** Listens to `events` on window or document if they exist; returns the cleanup. */
export const listen = (
  on: 'window' | 'document',
  events: string[],
  handler: (event: Event) => void,
  options?: AddEventListenerOptions,
): (() => void) | undefined => {
  const t = target(on)
  if (!t) return undefined
  for (const event of events) t.addEventListener(event, handler, options)
  return () => {
    for (const event of events) t.removeEventListener(event, handler, options)
  }
}

/** `document.visibilityState !== 'hidden'`, or `true` where there is no document. */
export const documentVisible = (): boolean =>
  typeof document === 'undefined' || (document as Partial<Document>).visibilityState !== 'hidden'
