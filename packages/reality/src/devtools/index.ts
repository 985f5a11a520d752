/**
 * A React panel listing the client's keys, versions, status, last sync, requests per
 * minute and errors. Separate from the core bundle.
 *
 * @module @rootlodge/reality/devtools
 */
export { RealityDevtools, type RealityDevtoolsProps } from './devtools-panel'
export { createRequestTracker, type RequestTracker, type TrackedRequest } from './request-tracker'
