import { createNextRouteHandlers } from '@rootlodge/reality-server'
import { server } from '../../../lib/reality'

// Every method Reality answers under /reality: /reality/sync, /reality/health, /reality/invalidate.
export const { GET, POST, OPTIONS } = createNextRouteHandlers(server, { prefix: '/reality' })
