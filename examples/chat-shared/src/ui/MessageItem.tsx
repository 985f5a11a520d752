import { memo, useState } from 'react'
import { REACTION_EMOJI, summarizeReactions, type TimelineMessage } from '../domain'
import { Avatar } from './Avatar'
import { timeOf } from './format'
import type { ChatActions } from './model'

interface Props {
  message: TimelineMessage
  meId: string
  /** First of a run by the same author: shows avatar and name. */
  lead: boolean
  actions: ChatActions
}

const EditBox = ({
  initial,
  onSave,
  onCancel,
}: {
  initial: string
  onSave: (text: string) => void
  onCancel: () => void
}) => {
  const [text, setText] = useState(initial)
  return (
    <textarea
      className="edit-box"
      data-testid="edit-input"
      // biome-ignore lint/a11y/noAutofocus: the user just asked to edit this message
      autoFocus
      value={text}
      onChange={(event) => setText(event.target.value)}
      onKeyDown={(event) => {
        if (event.key === 'Enter' && !event.shiftKey) {
          event.preventDefault()
          onSave(text)
        } else if (event.key === 'Escape') onCancel()
      }}
      onBlur={onCancel}
    />
  )
}

/** One message: text or edit box, reactions, and a hover toolbar. */
export const MessageItem = memo(({ message, meId, lead, actions }: Props) => {
  const [editing, setEditing] = useState(false)
  const mine = message.author.id === meId
  const reactions = summarizeReactions(message.reactions)
  return (
    <li
      className={`message${lead ? ' lead' : ''}${message.pending ? ' pending' : ''}${message.deleted ? ' deleted' : ''}`}
      data-testid="message"
      data-id={message.id}
      data-pending={message.pending}
      data-author={message.author.name}
    >
      <div className="gutter">
        {lead ? <Avatar id={message.author.id} name={message.author.name} /> : <time>{timeOf(message.sentAt)}</time>}
      </div>
      <div className="body">
        {lead && (
          <div className="meta">
            <span className="author">{message.author.name}</span>
            <time>{timeOf(message.sentAt)}</time>
          </div>
        )}
        {editing ? (
          <EditBox
            initial={message.text}
            onSave={(text) => {
              setEditing(false)
              actions.edit(message.id, text)
            }}
            onCancel={() => setEditing(false)}
          />
        ) : (
          <div className="text">
            <span className="message-text" data-testid="message-text">
              {message.deleted ? 'This message was deleted.' : message.text}
            </span>
            {message.edited && !message.deleted && <span className="edited"> (edited)</span>}
            {message.pending && <span className="sending"> · sending…</span>}
          </div>
        )}
        {reactions.length > 0 && (
          <div className="reactions">
            {reactions.map(({ emoji, users }) => (
              <button
                type="button"
                key={emoji}
                data-testid="reaction"
                data-emoji={emoji}
                data-count={users.length}
                className={users.includes(meId) ? 'reaction mine' : 'reaction'}
                onClick={() => actions.toggleReaction(message.id, emoji)}
              >
                {emoji} <span>{users.length}</span>
              </button>
            ))}
          </div>
        )}
      </div>
      {!message.deleted && !editing && (
        <div className="toolbar">
          {REACTION_EMOJI.map((emoji) => (
            <button
              type="button"
              key={emoji}
              data-testid="react"
              data-emoji={emoji}
              title={`React ${emoji}`}
              onClick={() => actions.toggleReaction(message.id, emoji)}
            >
              {emoji}
            </button>
          ))}
          {mine && (
            <>
              <button type="button" data-testid="edit" title="Edit" onClick={() => setEditing(true)}>
                ✎
              </button>
              <button type="button" data-testid="delete" title="Delete" onClick={() => actions.remove(message.id)}>
                🗑
              </button>
            </>
          )}
        </div>
      )}
    </li>
  )
})
