import { useState } from 'react'
import { Composer } from './Composer'
import { Header } from './Header'
import type { ChatModel } from './model'
import { Sidebar } from './Sidebar'
import { Timeline } from './Timeline'
import { Toasts } from './Toasts'

/**
 * The whole chat screen, whatever the transport behind the model.
 *
 * @example
 * const model = useChatModel({ transport, session, … })
 * return <ChatApp model={model} />
 */
export const ChatApp = ({ model }: { model: ChatModel }) => {
  const [draft, setDraft] = useState('')
  return (
    <div className="app" data-room={model.room.id} data-head={model.head} data-loaded={!model.loading}>
      <Sidebar model={model} />
      <main className="main">
        <Header model={model} />
        <Timeline model={model} onEditFailed={setDraft} />
        <Composer model={model} draft={draft} setDraft={setDraft} />
      </main>
      <Toasts model={model} />
    </div>
  )
}
