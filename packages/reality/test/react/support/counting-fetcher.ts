/** A fetcher for `/api/<name>` that counts its calls (each call is one real GET to the app server). */
export const countingFetcher = (name: string) => {
  const fetcher = async (): Promise<unknown> => {
    fetcher.calls++
    const response = await fetch(`/api/${name}`)
    if (!response.ok) throw new Error(`GET /api/${name}: HTTP ${response.status}`)
    return response.json()
  }
  fetcher.calls = 0
  return fetcher
}
