import { RealityEventSource } from '@rootlodge/reality/compat'
import { showTicker } from './ticker-page'

// The migration on the client: one constructor changes, the handler stays.
showTicker(new RealityEventSource('/stream', { realityEndpoint: '/reality/sync' }))
