/*
 * What the server logs through: any object with these four methods, called as
 * `logger.info(fields, message)`, the argument order of pino (which works as is) and bunyan.
 */

/** Structured fields of one log line: route, status, durationMs, keys, clientId… */
export type LogFields = Record<string, unknown>

/**
 * The `logger` server option: any object with these four methods, called with the fields first, as pino and bunyan
 * take them.
 *
 * @example
 * import pino from 'pino'
 * const server = createRealityServer({ logger: pino() })
 */
export interface RealityLogger {
  /** Each request answered, each sync and each update. */
  debug(fields: LogFields, message: string): void
  /** Informational lines (the CLI's start-up). */
  info(fields: LogFields, message: string): void
  /** A request refused with a 4xx, a failed admin authentication. */
  warn(fields: LogFields, message: string): void
  /** Failures: storage errors and bugs (also passed to `onError`). */
  error(fields: LogFields, message: string): void
}

/** A level of `RealityLogger`: `debug`, `info`, `warn` or `error`. */
export type LogLevel = keyof RealityLogger

const LEVELS: readonly LogLevel[] = ['debug', 'info', 'warn', 'error']

const format = (value: unknown): string => {
  if (value instanceof Error) return JSON.stringify(value.message)
  if (typeof value === 'string') return /^[^\s"=]+$/.test(value) ? value : JSON.stringify(value)
  return typeof value === 'object' && value !== null ? JSON.stringify(value) : String(value)
}

/**
 * A logger writing one line per call to the console (debug and info to stdout, warn and error
 * to stderr): `2026-01-01T00:00:00.000Z info request route=sync status=200 durationMs=1.2`,
 * skipping levels below `level`. `debug: true` (and the CLI's `--debug`) uses it at `debug`
 * when no `logger` is given.
 */
export const createConsoleLogger = (
  level: LogLevel = 'info',
  write: (line: string, level: LogLevel) => void = (line, lineLevel) =>
    lineLevel === 'warn' || lineLevel === 'error' ? console.error(line) : console.log(line),
): RealityLogger => {
  const min = LEVELS.indexOf(level)
  const at =
    (lineLevel: LogLevel) =>
    (fields: LogFields, message: string): void => {
      if (LEVELS.indexOf(lineLevel) < min) return
      let line = `${new Date().toISOString()} ${lineLevel} ${message}`
      for (const [name, value] of Object.entries(fields)) if (value !== undefined) line += ` ${name}=${format(value)}`
      write(line, lineLevel)
    }
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') }
}
