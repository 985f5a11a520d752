/*
 * Database and Redis drivers are not dependencies of the package: the CLI imports the one a
 * URL needs when it needs it, and names the package to install when it is missing.
 */

/** A driver the configuration needs is not installed; the CLI prints the message and exits 2. */
export class MissingDriverError extends Error {}

const isMissing = (error: unknown, name: string): boolean => {
  const { code, message } = error as { code?: unknown; message?: unknown }
  return (
    (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') &&
    typeof message === 'string' &&
    message.includes(`'${name}`)
  )
}

/**
 * Runs `load` (an `import()` of `name`), turning "module not found" into a message naming
 * what needs it and how to install it.
 */
export const loadDriver = async <T>(name: string, neededFor: string, load: () => Promise<T>): Promise<T> => {
  try {
    return await load()
  } catch (error) {
    if (isMissing(error, name))
      throw new MissingDriverError(`${neededFor} needs the '${name}' package: run npm install ${name}`)
    throw error
  }
}

/** The CommonJS module's exports, whether the import gave them as `default` or by name. */
export const exportsOf = <T>(module: T | { default: T }): T => (module as { default?: T }).default ?? (module as T)
