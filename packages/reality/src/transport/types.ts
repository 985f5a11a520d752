import type { SyncRequest, SyncResponse } from '../protocol/schemas'

/** Sends one sync request and resolves with the validated, normalised response; rejects with a `RealityError`. */
export type SyncTransport = (request: SyncRequest) => Promise<SyncResponse>

/** Extra request headers: fixed, or a function (sync or async) called before every request, e.g. to send a fresh token. */
export type HeadersOption = Record<string, string> | (() => Record<string, string> | Promise<Record<string, string>>)
