import '@reality-examples/chat-shared/ui/styles.css'
import { ChatSession, loadIdentity } from '@reality-examples/chat-shared/client'
import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { App } from './App'
import { SocketConnection } from './socket-connection'

const identity = loadIdentity(window.location, window.localStorage, window.sessionStorage)
const connection = new SocketConnection(identity, window.location.hash.replace(/^#\/?/, '') || 'general')
const session = new ChatSession({
  identity,
  deliver: (room, commands) => connection.deliver(room, commands),
  storage: window.localStorage,
  isOnline: () => navigator.onLine,
})
// The outbox waits for the socket: flush whenever it (re)connects.
connection.subscribe(() => {
  if (connection.getSnapshot().connected) void session.outbox.flush()
})

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App connection={connection} session={session} />
  </StrictMode>,
)
