import type { Actor } from '@reality-examples/chat-shared/domain'
import { type FormEvent, useState } from 'react'
import type { ChatApi } from './chat-api'

/**
 * The sign-in screen: pick a display name, the server answers with a signed session cookie and
 * the user id it chose. `?name=Alice` fills the field in (it does not sign in by itself).
 */
export const SignIn = ({ api, onSignedIn }: { api: ChatApi; onSignedIn: (user: Actor) => void }) => {
  const [name, setName] = useState(() => new URLSearchParams(window.location.search).get('name')?.slice(0, 40) ?? '')
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const submit = (event: FormEvent) => {
    event.preventDefault()
    setBusy(true)
    api.signIn(name).then(onSignedIn, (failure: Error) => {
      setError(failure.message)
      setBusy(false)
    })
  }
  return (
    <form className="signin" onSubmit={submit} data-testid="signin">
      <h1>Reality Chat</h1>
      <label htmlFor="signin-name">Your display name</label>
      <input
        id="signin-name"
        data-testid="signin-name"
        value={name}
        maxLength={40}
        required
        onChange={(event) => setName(event.target.value)}
      />
      <button type="submit" disabled={busy || name.trim() === ''} data-testid="signin-submit">
        Join the chat
      </button>
      {error && <p className="signin-error">{error}</p>}
    </form>
  )
}
