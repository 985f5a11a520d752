/** The value after `--<name>` on the command line, or `fallback` when the flag is absent. */
export const option = (name, fallback) => {
  const at = process.argv.indexOf(`--${name}`)
  return at === -1 ? fallback : process.argv[at + 1]
}
