import type { RealityOptions } from '../core/types'
import type { RealityNodeMeta } from '../protocol/schemas'

/**
 * What a server render hands to the browser: plain JSON (survives `JSON.stringify` / `JSON.parse`).
 * Every version in `known` was read BEFORE the matching payload in `data` was loaded, so a change racing the
 * render makes the browser refetch rather than miss it.
 */
export interface RealityDehydratedState {
  /** key → version the payloads were read at (`0`: the server has never seen the key). */
  known: Record<string, number>
  /** key → change metadata, for keys the server knows. */
  metas: Record<string, RealityNodeMeta>
  /** key → payload loaded during the render. */
  data: Record<string, unknown>
  /** The embedded server's clock when the versions were read (ms since epoch). */
  serverTime: number
}

/**
 * Client options that start from a dehydrated state: keys whose version did not change since the server
 * render are not refetched. `extraData` adds payloads your loader returned beside the state (Pattern 3).
 *
 * @example
 * const { posts, realityState } = useLoaderData()
 * <RealityProvider endpoint="/reality/sync" {...hydrationOptions(realityState, { posts })}>
 */
export const hydrationOptions = (
  state: RealityDehydratedState,
  extraData: Record<string, unknown> = {},
): Required<Pick<RealityOptions, 'initialKnown' | 'initialData'>> => ({
  initialKnown: { ...state.known },
  initialData: { ...state.data, ...extraData },
})

/**
 * `JSON.stringify` safe to inline in an HTML `<script>`: `<` and the JS line separators are escaped, so a
 * payload containing `</script>` cannot end the tag.
 *
 * @example
 * html += `<script>window.__REALITY__ = ${serializeState(state)}</script>`
 */
export const serializeState = (state: RealityDehydratedState): string =>
  JSON.stringify(state)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029')
