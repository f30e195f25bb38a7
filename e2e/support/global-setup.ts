import { ensureAppBuilt } from '../../src/node/app-build.ts'
import { packageRoot } from '../../src/node/package-root.ts'

/** The browser tests replay through the built app and service worker: build them when stale. */
export default async function setup (): Promise<void> {
  await ensureAppBuilt(packageRoot(), line => { console.log(line) })
}
