import { createMysqlTable } from './harness/mysql'
import { runNginxSuite } from './harness/nginx-suite'

runNginxSuite({ database: 'MariaDB', storage: 'mysql', createTable: createMysqlTable, prefix: 'maria' })
