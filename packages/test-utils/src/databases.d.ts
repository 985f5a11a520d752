/** PostgreSQL of the tests, `postgresql://postgres@127.0.0.1:5432/test` unless REALITY_TEST_PG_URL is set. */
export declare const PG_URL: string
/** MariaDB of the tests, `mysql://root@127.0.0.1:3306/test` unless REALITY_TEST_MYSQL_URL is set. */
export declare const MYSQL_URL: string

export interface ConnectionConfig {
  host: string
  port: number
  user: string
  database: string
}

/** PG_URL as connection options. */
export declare const PG_CONFIG: ConnectionConfig
/** MYSQL_URL as connection options. */
export declare const MYSQL_CONFIG: ConnectionConfig
