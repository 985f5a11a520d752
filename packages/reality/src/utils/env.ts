/*
 * Runtime detection, in one place. A browser has both `window` and `document` (Deno 1 had `window` only, React
 * Native has `window` without `document`).
 */

export const isBrowser = (): boolean => typeof window !== 'undefined' && typeof document !== 'undefined'
