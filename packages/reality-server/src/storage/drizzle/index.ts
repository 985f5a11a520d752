/**
 * @module
 * `@rootlodge/reality-server/drizzle`: Drizzle table definitions of the Reality table, for
 * drizzle-kit migrations. Importing this entry needs `drizzle-orm`; the root entry does not.
 */
export { mysqlRealityNodes, pgRealityNodes, sqliteRealityNodes } from './tables'
