/**
 * The compliance suite's constants with two changes (loaded in its place by
 * pinning-compliance-hooks.mjs): `specLocation` is the vendored spec file (IPARO_PINNING_SPEC, by
 * default pinning-service-spec-v1.0.0.yaml here: ipfs/pinning-services-api-spec at tag v1.0.0), and
 * `docsDir`, where the reports go, is IPARO_COMPLIANCE_REPORTS. Local exports win over `export *`.
 */
import { fileURLToPath } from 'node:url'

export * from '../../node_modules/@ipfs-shipyard/pinning-service-compliance/dist/src/utils/constants.js'

export const specLocation = process.env.IPARO_PINNING_SPEC ?? fileURLToPath(new URL('./pinning-service-spec-v1.0.0.yaml', import.meta.url))
export const docsDir = process.env.IPARO_COMPLIANCE_REPORTS ?? fileURLToPath(new URL('../../.tmp/pinning-compliance/', import.meta.url))
