import { createRequire } from 'node:module'

const pkg = createRequire(import.meta.url)('../../package.json') as { version: string }

/** What archives record as the software that wrote them. */
export const SOFTWARE = `iparo/${pkg.version}`
export const VERSION = pkg.version
