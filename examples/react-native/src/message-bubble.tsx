import { StyleSheet, Text, View } from 'react-native'
import type { Message } from './messages'

const time = (ms: number): string => new Date(ms).toTimeString().slice(0, 5)

/** One message: the reader's own on the right; an unconfirmed one faded, marked "sending…". */
export const MessageBubble = ({ message, own }: { message: Message; own: boolean }) => (
  <View style={[styles.bubble, own ? styles.own : styles.other, message.pending && styles.pending]}>
    {!own && <Text style={styles.author}>{message.author}</Text>}
    <Text style={styles.text}>{message.text}</Text>
    <Text style={styles.meta}>{message.pending ? 'sending…' : time(message.sentAt)}</Text>
  </View>
)

const styles = StyleSheet.create({
  bubble: { maxWidth: '80%', borderRadius: 12, paddingHorizontal: 12, paddingVertical: 6, marginVertical: 3 },
  own: { alignSelf: 'flex-end', backgroundColor: '#2f6fed' },
  other: { alignSelf: 'flex-start', backgroundColor: '#e8eaef' },
  pending: { opacity: 0.5 },
  author: { fontSize: 12, fontWeight: '600', color: '#555' },
  text: { fontSize: 16 },
  meta: { fontSize: 11, color: '#777', alignSelf: 'flex-end' },
})
