export { realitySchemaSQL, type SqlDialect } from './dialects'
export type { SqlExecutor, SqlQuery } from './executor'
export { createSQLStorage, SQLStorage, type SQLStorageOptions } from './storage'
