import '@reality-examples/chat-shared/ui/styles.css'
import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { App } from './App'
import { createChatRuntime } from './reality-setup'

const runtime = createChatRuntime()
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App runtime={runtime} />
  </StrictMode>,
)
