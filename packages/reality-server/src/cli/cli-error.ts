/** A bad flag or environment value; the CLI prints the message and exits 2. */
export class CliError extends Error {}
