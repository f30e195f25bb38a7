/**
 * The SHA-256 (base64) of each file of the built app the worker may keep for offline use, by path. The
 * build writes the real list as `app-files.js` beside the worker and leaves this import out of the
 * bundle (vite.config.ts); this copy only types it (and serves `vite dev`, where nothing is kept).
 */
const files: Readonly<Record<string, string>> = {}
export default files

/** The replay host page, the files it loads and the client script, base64, by path: offline they start from here. */
export const embedded: Readonly<Record<string, string>> = {}
