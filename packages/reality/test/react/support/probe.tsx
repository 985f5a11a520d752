import { type UseRealityOptions, useReality } from '@rootlodge/reality/react'

/** Renders what `useReality(key, options)` returns, as JSON in a `data-testid={id}` element. */
export const Probe = ({ id, rkey, options }: { id: string; rkey: string; options?: UseRealityOptions<unknown> }) => {
  const { data, error, isLoading, status, meta } = useReality(rkey, options)
  return (
    <pre data-testid={id}>
      {JSON.stringify({ data, error: error?.message ?? null, isLoading, status, version: meta?.version ?? null })}
    </pre>
  )
}

/** Parses what a `Probe` rendered. */
export const read = (element: HTMLElement) =>
  JSON.parse(element.textContent ?? '') as {
    data: unknown
    error: string | null
    isLoading: boolean
    status: string
    version: number | null
  }
