import { colorOf, initialsOf } from './format'

export const Avatar = ({ id, name, size = 36 }: { id: string; name: string; size?: number }) => (
  <span className="avatar" style={{ background: colorOf(id), width: size, height: size, fontSize: size * 0.4 }}>
    {initialsOf(name)}
  </span>
)
