import { useMutation, useReality } from '@rootlodge/reality/react'
import { useMemo } from 'react'
import { FlatList, StyleSheet, Text, View } from 'react-native'
import { Composer } from './composer'
import { MessageBubble } from './message-bubble'
import { type Message, type MessageApi, roomKey } from './messages'
import { syncStatusLabel } from './sync-status'

export interface ChatScreenProps {
  api: MessageApi
  room: string
  author: string
}

/**
 * A room: its messages (refetched only when Reality reports a new version of the room) and an input that posts
 * through the message API, shown at once as "sending…" and reconciled with the server afterwards.
 *
 * @example
 * <ChatScreen api={createMessageApi(url)} room="general" author="ada" />
 */
export const ChatScreen = ({ api, room, author }: ChatScreenProps) => {
  const key = roomKey(room)
  const {
    data: messages,
    status,
    error,
  } = useReality<Message[]>(key, {
    fallback: [],
    fetcher: () => api.list(room),
  })
  const { mutate: send } = useMutation(key, (text: string) => api.send(room, { author, text }), {
    optimisticUpdate: (current: Message[] | undefined, text) => [
      ...(current ?? []),
      { id: `pending:${Date.now()}`, author, text, sentAt: Date.now(), pending: true },
    ],
  })
  // Inverted list, newest first: it opens at the latest message and renders those first.
  const newestFirst = useMemo(() => [...messages].reverse(), [messages])

  return (
    <View style={styles.screen}>
      <View style={styles.header}>
        <Text style={styles.title}>#{room}</Text>
        <Text testID="sync-status" style={styles.status}>
          {syncStatusLabel(status)}
        </Text>
      </View>
      {error && (
        <Text testID="sync-error" style={styles.error}>
          {error.message}
        </Text>
      )}
      <FlatList
        testID="messages"
        inverted
        data={newestFirst}
        keyExtractor={(message) => message.id}
        renderItem={({ item }) => <MessageBubble message={item} own={item.author === author} />}
        contentContainerStyle={styles.list}
      />
      <Composer onSend={(text) => void send(text)} />
    </View>
  )
}

const styles = StyleSheet.create({
  screen: { flex: 1, backgroundColor: '#fff' },
  header: { flexDirection: 'row', justifyContent: 'space-between', alignItems: 'baseline', padding: 12 },
  title: { fontSize: 18, fontWeight: '700' },
  status: { fontSize: 12, color: '#777' },
  error: { color: '#b00020', paddingHorizontal: 12 },
  list: { paddingHorizontal: 12 },
})
