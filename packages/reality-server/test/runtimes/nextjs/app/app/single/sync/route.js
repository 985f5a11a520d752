import { createNextRouteHandlers } from '@rootlodge/reality-server'
import { server } from '../../../lib/reality'

// A single route file: the sync endpoint only, as the issue spells it.
export const { GET, POST } = createNextRouteHandlers(server)
