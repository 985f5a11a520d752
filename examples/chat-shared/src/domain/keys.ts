/**
 * Reality keys of the chat, one per thing that changes on its own schedule
 * (`domain:resource:id[:subresource]`, as the architecture guide recommends).
 */
export const roomKey = (room: string): string => `chat:room:${room}`
export const presenceKey = (room: string): string => `chat:room:${room}:presence`
export const typingKey = (room: string): string => `chat:room:${room}:typing`
