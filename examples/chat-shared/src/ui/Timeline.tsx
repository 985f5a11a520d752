import { useLayoutEffect, useRef } from 'react'
import { MessageItem } from './MessageItem'
import type { ChatModel } from './model'

const RUN_GAP_MS = 5 * 60_000

/** The room's messages, newest at the bottom, kept scrolled down while the reader is there. */
export const Timeline = ({ model, onEditFailed }: { model: ChatModel; onEditFailed: (text: string) => void }) => {
  const list = useRef<HTMLDivElement>(null)
  const atBottom = useRef(true)
  const { timeline, failed } = model

  useLayoutEffect(() => {
    const element = list.current
    if (element && atBottom.current) element.scrollTop = element.scrollHeight
  })

  return (
    <div
      className="timeline"
      ref={list}
      onScroll={(event) => {
        const element = event.currentTarget
        atBottom.current = element.scrollHeight - element.scrollTop - element.clientHeight < 40
      }}
    >
      {model.hasOlder && (
        <button type="button" className="load-older" data-testid="load-older" onClick={model.actions.loadOlder}>
          Load earlier messages
        </button>
      )}
      {model.loading && <div className="empty">Loading #{model.room.name}…</div>}
      {!model.loading && timeline.length === 0 && (
        <div className="empty">No messages in #{model.room.name} yet. Say hello!</div>
      )}
      <ul className="messages" data-testid="messages">
        {timeline.map((message, i) => {
          const previous = timeline[i - 1]
          const lead =
            !previous || previous.author.id !== message.author.id || message.sentAt - previous.sentAt > RUN_GAP_MS
          return (
            <MessageItem key={message.id} message={message} meId={model.me.id} lead={lead} actions={model.actions} />
          )
        })}
      </ul>
      {failed.map((item) =>
        item.command.type === 'message.sent' ? (
          <div key={item.key} className="failed" data-testid="failed-message" data-attempts={item.attempts}>
            <div className="failed-text">{item.command.text}</div>
            <div className="failed-error" data-testid="failed-error">
              ⚠ Not sent: {item.error}
            </div>
            <div className="failed-actions">
              <button type="button" data-testid="retry" onClick={() => model.actions.retry(item.key)}>
                Retry
              </button>
              <button
                type="button"
                data-testid="edit-failed"
                onClick={() => {
                  if (item.command.type === 'message.sent') onEditFailed(item.command.text)
                  model.actions.discard(item.key)
                }}
              >
                Edit
              </button>
              <button type="button" data-testid="discard" onClick={() => model.actions.discard(item.key)}>
                Discard
              </button>
            </div>
          </div>
        ) : null,
      )}
    </div>
  )
}
