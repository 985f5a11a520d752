import type { ChatModel } from './model'

const LABELS = { synced: 'Synced', syncing: 'Syncing…', offline: 'Offline' } as const

/** Room title, sync status, and the request counter that shows how little traffic there is. */
export const Header = ({ model }: { model: ChatModel }) => {
  const load = model.lastLoad
  return (
    <header className="header">
      <div className="room-title">
        <h1>
          <span className="hash">#</span>
          {model.room.name}
        </h1>
        <span className="topic">{model.room.topic}</span>
      </div>
      <div className="header-stats">
        {load && (
          <span
            className="load-info"
            data-testid="load-info"
            data-kind={load.kind}
            data-snapshot={load.snapshotSeq ?? ''}
            data-events={load.events}
            title="How this tab last loaded the room: a join starts from the latest snapshot, then only unseen events"
          >
            {load.kind === 'join' ? `snapshot #${load.snapshotSeq} + ${load.events} events` : `+${load.events} events`}
            <span className="muted"> · {(load.bytes / 1024).toFixed(1)} KB</span>
          </span>
        )}
        <span className="requests" title={`${model.transport.unit} sent by this tab`}>
          <strong data-testid="request-count">{model.requests}</strong> {model.transport.unit}
        </span>
        <span className={`status ${model.status}`} data-testid="sync-status" data-status={model.status}>
          <span className="status-dot" />
          {LABELS[model.status]}
          {model.unsent > 0 && <span className="unsent"> · {model.unsent} queued</span>}
        </span>
      </div>
    </header>
  )
}
