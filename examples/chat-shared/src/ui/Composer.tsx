import { MAX_MESSAGE_LENGTH } from '../domain'
import { typingLine } from './format'
import type { ChatModel } from './model'

interface Props {
  model: ChatModel
  draft: string
  setDraft: (text: string) => void
}

/** Message box: Enter sends, Shift+Enter breaks the line; typing is signalled sparingly. */
export const Composer = ({ model, draft, setDraft }: Props) => {
  const submit = (): void => {
    if (!draft.trim()) return
    model.actions.send(draft)
    setDraft('')
  }
  const over = draft.length > MAX_MESSAGE_LENGTH
  return (
    <div className="composer-area">
      <div className="typing" data-testid="typing" aria-live="polite">
        {typingLine(model.typing)}
      </div>
      <form
        className="composer"
        onSubmit={(event) => {
          event.preventDefault()
          submit()
        }}
      >
        <textarea
          data-testid="composer"
          placeholder={`Message #${model.room.name}`}
          rows={1}
          value={draft}
          onChange={(event) => {
            setDraft(event.target.value)
            model.actions.typing(event.target.value.trim().length > 0)
          }}
          onKeyDown={(event) => {
            if (event.key === 'Enter' && !event.shiftKey) {
              event.preventDefault()
              submit()
            }
          }}
        />
        {over && <span className="over">{MAX_MESSAGE_LENGTH - draft.length}</span>}
        <button type="submit" data-testid="send" disabled={!draft.trim()}>
          Send
        </button>
      </form>
      <div className="composer-hint">
        {model.status === 'offline'
          ? 'You are offline: messages are kept and sent in order when the connection returns.'
          : 'Enter to send · Shift+Enter for a new line'}
      </div>
    </div>
  )
}
