/**
 * Drizzle table definitions of the Reality table, for
 * drizzle-kit migrations. Importing this entry needs `drizzle-orm`; the root entry does not.
 *
 * @module @rootlodge/reality-server/drizzle
 */
export { mysqlRealityNodes, pgRealityNodes, sqliteRealityNodes } from './tables'
