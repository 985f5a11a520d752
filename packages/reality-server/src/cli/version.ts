/** Replaced by the package.json version when tsup builds the CLI (see tsup.config.ts). */
declare const __PACKAGE_VERSION__: string

export const VERSION: string = __PACKAGE_VERSION__
