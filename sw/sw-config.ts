import type { SwConfig } from './sw-settings.ts'

/**
 * The worker's configuration. The build leaves `./sw-config.js` out of the worker's bundle
 * (vite.config.ts): the file served beside the worker is the one in force — `iparo serve` writes its
 * own (src/node/serve/sw-config-handler.ts), a static host serves public/sw-config.js. Imported, never
 * fetched: the browser keeps it with the worker's script, where no page can change it. This copy only
 * types it (and serves `vite dev`): the app on the worker's own origin.
 */
const config: SwConfig = { appOrigins: [] }
export default config
