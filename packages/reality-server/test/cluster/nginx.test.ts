import { runNginxSuite } from './harness/nginx-suite'
import { createPgTable } from './harness/postgres'

runNginxSuite({ database: 'PostgreSQL', storage: 'postgres', createTable: createPgTable, prefix: 'pg' })
