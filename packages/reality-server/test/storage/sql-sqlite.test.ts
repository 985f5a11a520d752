import { join } from 'node:path'
import { createSQLStorage, SQLStorage } from '@rootlodge/reality-server'
import { runStorageConformance } from './conformance'
import { openSqlite, sqliteQuery, tempDir } from './databases'

runStorageConformance('SQLStorage on SQLite with better-sqlite3 (file)', () => {
  const scratch = tempDir()
  const file = join(scratch.dir, 'reality.db')
  // Two connections to one file: two processes sharing a SQLite database.
  const [one, two] = [openSqlite(file), openSqlite(file)]
  return {
    storage: new SQLStorage({ query: sqliteQuery(one), dialect: 'sqlite' }),
    twin: createSQLStorage({ executor: { query: sqliteQuery(two) }, dialect: 'sqlite' }),
    cleanup: () => {
      one.close()
      two.close()
      scratch.remove()
    },
  }
})
