/**
 * Version indexes: every version of one URL in (datetime, seq) order, beside its version chain
 * (docs/linking-policies.md, "The version index"; format in docs/url-map.md).
 *
 * Contract:
 * - An index is a URL map (src/core/url-map) keyed by `versionKey(datetime, seq)` whose entries each
 *   describe one version: `head` its IPARO, `url` as captured, `first` = `last` = its datetime,
 *   `count` 1. Readers reject an entry that does not describe the version its key names.
 * - `writeVersionIndex` adds versions to an index (or starts one) and returns it; the root depends on
 *   the set of versions only (node cuts: `versionBoundary`), and an addition rewrites only the paths
 *   to the leaves it changes.
 * - `VersionIndex` answers the chain's lookups (`closest`, `latest`, `first`, `exact`, `neighbours`)
 *   with the chain's goals and tie rule, and lists every version in time order; `reads` counts the
 *   blocks it fetched. It reads two nodes per lookup up to ~148,000 versions, plus a neighbouring
 *   leaf at a leaf's edge.
 * - Isomorphic: no DOM, no Node APIs.
 */
export { instantEnd, instantPrefix, parseVersionKey, versionKey } from './version-key.ts'
export { versionBoundary } from './version-boundary.ts'
export { VersionIndex, type IndexedVersion } from './version-index.ts'
export { VERSION_INDEX_OPTIONS, openVersionIndex, writeVersionIndex, type VersionToIndex } from './write-version-index.ts'
