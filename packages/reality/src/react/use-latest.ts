import { type RefObject, useEffect, useLayoutEffect, useRef } from 'react'

// useLayoutEffect warns during server rendering on React 18; on the server no effect runs anyway.
const useIsomorphicLayoutEffect = typeof window === 'undefined' ? useEffect : useLayoutEffect

/**
 * A ref holding the latest `value`, for callbacks handed to the client once (fetchers, onError,
 * mutation functions) that must still call the newest closure without resubscribing on each render.
 */
export const useLatest = <T>(value: T): RefObject<T> => {
  const ref = useRef(value)
  useIsomorphicLayoutEffect(() => {
    ref.current = value
  })
  return ref
}
