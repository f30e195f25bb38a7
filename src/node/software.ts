import pkg from '../../package.json' with { type: 'json' }

/** What archives record as the software that wrote them. */
export const SOFTWARE = `iparo/${pkg.version}`
export const VERSION = pkg.version
