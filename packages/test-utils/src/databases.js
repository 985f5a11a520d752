/*
 * The databases tests and benches use: the ones CI starts on loopback (PostgreSQL db `test` user postgres,
 * MariaDB db `test` user root), unless REALITY_TEST_PG_URL / REALITY_TEST_MYSQL_URL point elsewhere.
 */

export const PG_URL = process.env.REALITY_TEST_PG_URL ?? 'postgresql://postgres@127.0.0.1:5432/test'
export const MYSQL_URL = process.env.REALITY_TEST_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306/test'

const parts = (url) => {
  const parsed = new URL(url)
  return {
    host: parsed.hostname,
    port: Number(parsed.port),
    user: decodeURIComponent(parsed.username),
    database: parsed.pathname.slice(1),
  }
}

/** PG_URL as connection options (`pg`), for code that swaps the port for a proxy's. */
export const PG_CONFIG = parts(PG_URL)
/** MYSQL_URL as connection options (`mysql2`). */
export const MYSQL_CONFIG = parts(MYSQL_URL)
