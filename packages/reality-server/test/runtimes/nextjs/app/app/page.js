import { Status } from './status'

export default function Page() {
  return (
    <main>
      <h1>Reality on the App Router</h1>
      <Status />
    </main>
  )
}
