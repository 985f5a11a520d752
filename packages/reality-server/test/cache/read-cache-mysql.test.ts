import { createMysqlTable } from '../cluster/harness/mysql'
import { runReadCacheSuite } from './read-cache-suite'

runReadCacheSuite('MariaDB', createMysqlTable)
