export type { Authorize } from './authorize'
export type { AuthorizeContext, AuthorizeRequest } from './context'
export type { PublicKeys } from './public-keys'
