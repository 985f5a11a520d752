import { RealityEventSource } from '@rootlodge/reality/compat'
import { expectTypeOf } from 'vitest'

// Type-level checks (run by `tsc`, never executed): listeners are typed as EventSource's, so code written for
// EventSource compiles unchanged.
const es = new RealityEventSource('/events')

export const listeners = () => {
  es.addEventListener('message', (event) => expectTypeOf(event).toEqualTypeOf<MessageEvent<string>>())
  es.addEventListener('presence', (event) => expectTypeOf(event.data).toEqualTypeOf<string>())
  es.addEventListener('open', (event) => expectTypeOf(event).toEqualTypeOf<Event>())
  es.addEventListener('error', (event) => expectTypeOf(event).toEqualTypeOf<Event>())
  const onChat = (event: MessageEvent<string>) => event.data
  es.addEventListener('chat', onChat)
  es.removeEventListener('chat', onChat)
  es.addEventListener('chat', { handleEvent: () => undefined }, { once: true })
  // @ts-expect-error: a message's data is a string
  es.addEventListener('message', (event: MessageEvent<number>) => event.data)
}
