import { Avatar } from './Avatar'
import type { ChatModel } from './model'

/** Brand, rooms with unread counts, who is here, and who I am. */
export const Sidebar = ({ model }: { model: ChatModel }) => (
  <aside className="sidebar">
    <div className="brand">
      <span className="brand-mark">R</span>
      <div>
        <div className="brand-name">Reality Chat</div>
        <div className="brand-sub">{model.transport.detail}</div>
      </div>
    </div>
    <nav className="rooms" aria-label="Rooms">
      <div className="section-title">Rooms</div>
      {model.rooms.map((room) => (
        <button
          type="button"
          key={room.id}
          data-testid="room"
          data-room={room.id}
          data-unread={room.unread}
          className={room.id === model.room.id ? 'room active' : room.unread ? 'room unread' : 'room'}
          onClick={() => model.actions.selectRoom(room.id)}
        >
          <span className="hash">#</span>
          <span className="room-name">{room.name}</span>
          {room.unread > 0 && <span className="badge">{room.unread > 99 ? '99+' : room.unread}</span>}
        </button>
      ))}
    </nav>
    <section className="members" aria-label="People here">
      <div className="section-title">
        Here now <span className="count">{model.members.length}</span>
      </div>
      <ul>
        {model.members.map((member) => (
          <li key={member.id} data-testid="member" data-name={member.name} data-status={member.status}>
            <span className="member-avatar">
              <Avatar id={member.id} name={member.name} size={26} />
              <span className={`dot ${member.status}`} />
            </span>
            <span className="member-name">
              {member.name}
              {member.id === model.me.id && <span className="you"> (you)</span>}
            </span>
            {member.status === 'away' && <span className="away-tag">away</span>}
          </li>
        ))}
      </ul>
    </section>
    <div className="me">
      <Avatar id={model.me.id} name={model.me.name} size={32} />
      <div>
        <div className="me-name">{model.me.name}</div>
        <div className="me-sub">{model.transport.account}</div>
      </div>
    </div>
  </aside>
)
