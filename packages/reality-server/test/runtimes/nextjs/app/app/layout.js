import { RealityProvider } from '@rootlodge/reality/react'

// A Server Component rendering the provider, as docs/NEXTJS.md shows: only serializable props cross into it.
export default function RootLayout({ children }) {
  return (
    <html lang="en">
      <body>
        <RealityProvider endpoint="/reality/sync">{children}</RealityProvider>
      </body>
    </html>
  )
}
