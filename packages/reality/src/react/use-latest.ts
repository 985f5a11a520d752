import { type RefObject, useInsertionEffect, useRef } from 'react'

/**
 * A ref holding the latest `value`, for callbacks handed to the client once (fetchers, onError, mutation
 * functions) that must still call the newest closure without resubscribing on each render. Updated in an
 * insertion effect, the earliest commit-phase hook (as `useEffectEvent` shims do): before any effect or event
 * can call it, and without the server-render warning of `useLayoutEffect`.
 */
export const useLatest = <T>(value: T): RefObject<T> => {
  const ref = useRef(value)
  useInsertionEffect(() => {
    ref.current = value
  })
  return ref
}
