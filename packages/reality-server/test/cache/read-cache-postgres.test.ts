import { createPgTable } from '../cluster/harness/postgres'
import { runReadCacheSuite } from './read-cache-suite'

runReadCacheSuite('PostgreSQL', createPgTable)
