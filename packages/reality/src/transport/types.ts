import type { SyncRequest, SyncResponse } from '../protocol/schemas'

/** Sends one sync request and resolves with the validated, normalised response; rejects with a `RealityError`. */
export type SyncTransport = (request: SyncRequest) => Promise<SyncResponse>
