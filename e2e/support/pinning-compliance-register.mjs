/**
 * `node --import ./pinning-compliance-register.mjs …/pinning-service-compliance/dist/src/index.js`:
 * installs the hooks that point the official compliance suite at the vendored API spec and a report
 * folder of our choosing (see pinning-compliance-hooks.mjs). Nothing in node_modules is edited.
 */
import { register } from 'node:module'

register('./pinning-compliance-hooks.mjs', import.meta.url)
