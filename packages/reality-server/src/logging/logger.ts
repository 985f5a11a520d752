/*
 * What the server logs through: any object with these four methods, called as
 * `logger.info(fields, message)`, the argument order of pino (which works as is) and bunyan.
 */

/** Structured fields of one log line: route, status, durationMs, keys, clientId… */
export type LogFields = Record<string, unknown>

export interface RealityLogger {
  debug(fields: LogFields, message: string): void
  info(fields: LogFields, message: string): void
  warn(fields: LogFields, message: string): void
  error(fields: LogFields, message: string): void
}

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
