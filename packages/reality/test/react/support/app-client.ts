import { createRealityClient, type RealityClient } from '@rootlodge/reality'
import { cleanup } from '@testing-library/react'
import { afterEach, beforeEach } from 'vitest'
import type { AppServer } from './app-server'
import { openAppPage } from './browser-page'

/** The test app and this test's client on it; read inside tests (both are set by hooks). */
export interface AppWithClient {
  readonly app: AppServer
  readonly client: RealityClient
}

/**
 * For the whole test file: the test app's page (openAppPage); for each test, a new client on its
 * `/reality/sync`, destroyed after the test once what the test rendered is unmounted.
 */
export const openAppWithClient = (): AppWithClient => {
  const current = {} as { app: AppServer; client: RealityClient }
  openAppPage((started) => {
    current.app = started
  })
  beforeEach(() => {
    current.client = createRealityClient({ endpoint: '/reality/sync' })
  })
  afterEach(() => {
    cleanup()
    current.client.destroy()
  })
  return current
}
