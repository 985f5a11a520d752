/**
 * @module
 * The chat UI both examples share: give `ChatApp` a `ChatModel` from `useChatModel`.
 */
export * from './ChatApp'
export * from './format'
export * from './model'
export * from './use-chat-model'
