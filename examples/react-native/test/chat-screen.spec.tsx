import { createRealityClient, FocusManager, OnlineManager, VisibilityManager } from '@rootlodge/reality'
import {
  act,
  configure,
  fireEvent,
  render,
  screen,
  waitFor,
  waitForElementToBeRemoved,
} from '@testing-library/react-native'
import { type ChatBackend, createChatBackend, listen, type RunningServer } from '../server/chat-server'
import { App } from '../src/app'
import { createMessageApi, type MessageApi, roomKey } from '../src/messages'
import { fakeAppState } from './support/fake-app-state'
import { fakeNetInfo } from './support/fake-net-info'
import { type ReceivedSync, recordSyncs } from './support/sync-recorder'

/*
 * The chat screen on a real Reality server and message API (node:http on a free port), over real HTTP. Only the
 * event sources are stand-ins: React Native's AppState module and NetInfo (a native module).
 */
jest.mock('react-native/Libraries/AppState/AppState', () => ({
  __esModule: true,
  default: require('./support/fake-app-state').fakeAppState,
}))
jest.mock('@react-native-community/netinfo', () => ({
  __esModule: true,
  default: require('./support/fake-net-info').fakeNetInfo,
}))

// A loaded machine can be slow to answer; nothing below waits for a timeout to pass.
configure({ asyncUtilTimeout: 15_000 })

// A quick cadence keeps the quiet windows short: in the foreground the app syncs at least every 400 ms.
const FRESHNESS = { minInterval: 200, maxInterval: 400 }

let backend: ChatBackend
let server: RunningServer
let received: ReceivedSync[]
let otherPhone: MessageApi
// The quiet windows' clock: a backend of its own, so its syncs never count as the app's.
let clock: { backend: ChatBackend; server: RunningServer; received: ReceivedSync[] }

beforeAll(async () => {
  // The screen also changes when real HTTP responses arrive, which no act() can wrap. Testing Library turns React's
  // act environment on for the file (in its own beforeAll, which ran first); off here, it is on only while
  // Testing Library's render, fireEvent, act and waitFor run.
  ;(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = false
  backend = createChatBackend()
  const recorder = recordSyncs(backend.listener)
  received = recorder.received
  server = await listen(recorder.listener)
  otherPhone = createMessageApi(server.url)
  const clockBackend = createChatBackend()
  const clockRecorder = recordSyncs(clockBackend.listener)
  clock = { backend: clockBackend, server: await listen(clockRecorder.listener), received: clockRecorder.received }
})

afterAll(async () => {
  await server.close()
  await backend.reality.close()
  await clock.server.close()
  await clock.backend.reality.close()
})

beforeEach(() => {
  fakeAppState.set('active')
  fakeNetInfo.set(true)
})

const syncsOf = (room: string) => received.filter((sync) => sync.keys.includes(roomKey(room)))

/** Waits until nothing is in flight for the room: every request the app sent has been answered. */
const settled = () => waitFor(() => expect(screen.getByTestId('sync-status')).toHaveTextContent('live'))

/**
 * Lasts until a client on the app's cadence, kept in the foreground and online by managers of its own whatever the
 * phone's state, has had three freshness syncs received by its server: however long that takes on this machine, it
 * is time enough for the app to have sent as many, and for them to have arrived, had it been syncing. So "none
 * arrived" means "none were sent", on a fast machine or a loaded one.
 */
const quietWindow = async () => {
  const from = clock.received.length
  const ticking = createRealityClient({
    servers: [clock.server.url],
    executionMode: 'client',
    freshness: FRESHNESS,
    managers: { focus: new FocusManager(), visibility: new VisibilityManager(), online: new OnlineManager() },
  })
  ticking.subscribe(roomKey('clock'), () => {})
  try {
    await waitFor(() =>
      expect(clock.received.slice(from).filter((sync) => sync.hint === 'idle').length).toBeGreaterThanOrEqual(3),
    )
  } finally {
    ticking.destroy()
  }
}

const renderRoom = async (room: string) => {
  render(<App serverUrl={server.url} room={room} author="ada" freshness={FRESHNESS} />)
  await settled()
}

test('renders the room from the server, then sends a message through the message API', async () => {
  await otherPhone.send('lobby', { author: 'grace', text: 'Hello from the other phone' })
  await renderRoom('lobby')

  expect(screen.getByText('Hello from the other phone')).toBeOnTheScreen()
  expect(syncsOf('lobby')[0].hint).toBe('mount')

  fireEvent.changeText(screen.getByLabelText('Message'), 'Hi from this phone')
  fireEvent.press(screen.getByRole('button', { name: 'Send' }))

  // Shown at once, then replaced by the stored message once the mutation's sync refetched the room.
  expect(screen.getByText('sending…')).toBeOnTheScreen()
  await waitForElementToBeRemoved(() => screen.getByText('sending…'))
  expect(screen.getByText('Hi from this phone')).toBeOnTheScreen()
  expect(backend.messages.list('lobby').map((m) => [m.author, m.text])).toEqual([
    ['grace', 'Hello from the other phone'],
    ['ada', 'Hi from this phone'],
  ])
  expect(syncsOf('lobby').map((sync) => sync.hint)).toContain('mutation')
})

test('sends zero syncs in the background, and shows what came in once back in the foreground', async () => {
  await renderRoom('standup')
  // In the foreground the freshness timer does send syncs: the silence below is the background's doing.
  const mounted = syncsOf('standup').length
  await waitFor(() =>
    expect(
      syncsOf('standup')
        .slice(mounted)
        .map((sync) => sync.hint),
    ).toContain('idle'),
  )

  act(() => fakeAppState.set('background'))
  await settled()
  const beforeBackground = received.length
  const servedBefore = (await backend.reality.getStats()).syncsServed

  await otherPhone.send('standup', { author: 'grace', text: 'Posted while you were away' })
  await quietWindow()

  expect(received.length - beforeBackground).toBe(0)
  expect((await backend.reality.getStats()).syncsServed - servedBefore).toBe(0)
  expect(screen.queryByText('Posted while you were away')).not.toBeOnTheScreen()

  act(() => fakeAppState.set('active'))

  expect(await screen.findByText('Posted while you were away')).toBeOnTheScreen()
  expect(received[beforeBackground].hint).toBe('focus')
  expect(received[beforeBackground].keys).toEqual([roomKey('standup')])
})

test('sends nothing while offline, and syncs with hint reconnect when the network comes back', async () => {
  await renderRoom('field')

  act(() => fakeNetInfo.set(false))
  await settled()
  const beforeOffline = received.length

  await otherPhone.send('field', { author: 'grace', text: 'Posted while you had no signal' })
  await quietWindow()

  expect(received.length - beforeOffline).toBe(0)
  expect(screen.queryByText('Posted while you had no signal')).not.toBeOnTheScreen()

  act(() => fakeNetInfo.set(true))

  expect(await screen.findByText('Posted while you had no signal')).toBeOnTheScreen()
  expect(received[beforeOffline].hint).toBe('reconnect')
  expect(received[beforeOffline].keys).toEqual([roomKey('field')])
})
