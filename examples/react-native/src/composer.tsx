import { useState } from 'react'
import { Pressable, StyleSheet, Text, TextInput, View } from 'react-native'
import { MAX_TEXT_LENGTH } from './messages'

/** The input row: sends the trimmed draft and clears it; the button is off while the draft is blank. */
export const Composer = ({ onSend }: { onSend: (text: string) => void }) => {
  const [draft, setDraft] = useState('')
  const text = draft.trim()
  const send = () => {
    if (!text) return
    onSend(text)
    setDraft('')
  }
  return (
    <View style={styles.row}>
      <TextInput
        style={styles.input}
        value={draft}
        onChangeText={setDraft}
        onSubmitEditing={send}
        placeholder="Message"
        accessibilityLabel="Message"
        maxLength={MAX_TEXT_LENGTH}
        returnKeyType="send"
      />
      <Pressable accessibilityRole="button" onPress={send} disabled={!text} style={styles.button}>
        <Text style={[styles.label, !text && styles.disabled]}>Send</Text>
      </Pressable>
    </View>
  )
}

const styles = StyleSheet.create({
  row: { flexDirection: 'row', alignItems: 'center', padding: 8, borderTopWidth: 1, borderColor: '#ddd' },
  input: {
    flex: 1,
    fontSize: 16,
    paddingHorizontal: 12,
    paddingVertical: 8,
    borderRadius: 20,
    backgroundColor: '#f2f3f5',
  },
  button: { paddingHorizontal: 14, paddingVertical: 8 },
  label: { fontSize: 16, fontWeight: '600', color: '#2f6fed' },
  disabled: { color: '#aaa' },
})
