'use client'

import { useReality } from '@rootlodge/reality/react'

const fetchStatus = async () => {
  const response = await fetch('/reality/health')
  return (await response.json()).status
}

/** A client component reading one key through the provider of the root layout. */
export function Status() {
  const { data } = useReality('next:status', { fallback: 'waiting', fetcher: fetchStatus })
  return <p id="status">server status: {data}</p>
}
