import NetInfo from '@react-native-community/netinfo'
import type { FreshnessOptions } from '@rootlodge/reality'
import { setupReactNative } from '@rootlodge/reality/native'
import { RealityProvider } from '@rootlodge/reality/react'
import { useMemo } from 'react'
import { AppState, Platform } from 'react-native'
import { ChatScreen } from './chat-screen'
import { createMessageApi } from './messages'

// Once per app, before any client subscribes: AppState drives focus and visibility (foreground syncs at once,
// background sends nothing), NetInfo drives the network state (regained: a sync with hint `reconnect`).
setupReactNative({ AppState, NetInfo })

/**
 * While the app is in the foreground, a passive reader still sees new messages: 1 s after a change was seen,
 * backing off to 5 s while the room is quiet (12 small sync requests a minute when idle, none in background).
 */
export const CHAT_FRESHNESS: FreshnessOptions = { minInterval: 1_000, maxInterval: 5_000 }

/** Where `npm run server` listens, as seen from an emulator (Android maps the host's loopback to 10.0.2.2). */
export const DEFAULT_SERVER_URL = Platform.OS === 'android' ? 'http://10.0.2.2:3456' : 'http://localhost:3456'

export interface AppProps {
  /** Origin serving both Reality (`/reality/sync`) and the message API. */
  serverUrl: string
  room?: string
  author?: string
  freshness?: FreshnessOptions
}

/**
 * The chat app: one Reality client for the server, one room on screen.
 *
 * @example
 * <App serverUrl="http://10.0.2.2:3456" room="general" author="ada" />
 */
export const App = ({ serverUrl, room = 'general', author = 'mobile', freshness = CHAT_FRESHNESS }: AppProps) => {
  const api = useMemo(() => createMessageApi(serverUrl), [serverUrl])
  return (
    // A phone always talks HTTP: no embedded server to look for.
    <RealityProvider servers={[serverUrl]} executionMode="client" freshness={freshness}>
      <ChatScreen api={api} room={room} author={author} />
    </RealityProvider>
  )
}

/** The app as `index.js` registers it, against `npm run server` on the development machine. */
export const Root = () => <App serverUrl={DEFAULT_SERVER_URL} />
