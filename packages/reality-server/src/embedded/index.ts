export { createEmbeddedRealityServer, type EmbeddedRealityServer, getEmbeddedRealityServer } from './embedded'
