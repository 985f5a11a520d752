import '@reality-examples/chat-shared/ui/styles.css'
import type { Actor } from '@reality-examples/chat-shared/domain'
import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { App } from './App'
import { ChatApi, SignedOut } from './chat-api'
import { createChatRuntime } from './reality-setup'
import { SignIn } from './SignIn'

// Signed in (the session cookie is HttpOnly: only the server can say)? Then the chat, else the sign-in screen.
const root = createRoot(document.getElementById('root')!)
const start = (user: Actor): void =>
  root.render(
    <StrictMode>
      <App runtime={createChatRuntime(user)} />
    </StrictMode>,
  )
const api = new ChatApi(window.fetch.bind(window))
api
  .session()
  .then(start, (error: Error) =>
    root.render(
      <StrictMode>
        {error instanceof SignedOut ? (
          <SignIn api={api} onSignedIn={start} />
        ) : (
          <div className="boot">Could not reach the chat server: {error.message}</div>
        )}
      </StrictMode>,
    ),
  )
