import type { ChatModel } from './model'

export const Toasts = ({ model }: { model: ChatModel }) => (
  <div className="toasts" aria-live="polite">
    {model.notices.map((notice) => (
      <button
        type="button"
        key={notice.id}
        data-testid="toast"
        className={`toast ${notice.tone}`}
        onClick={() => model.actions.dismissNotice(notice.id)}
      >
        {notice.text}
      </button>
    ))}
  </div>
)
