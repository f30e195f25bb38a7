import type { ArchiveRoot, Manifest } from '../../core/archive/archive-root.ts'
import type { Namespacing } from '../../core/namespace/namespacing.ts'
import { archiveNamespace } from './archive-namespace.ts'
import { createGrindPool, type GrindPool, type GrindStats } from './grind-pool.ts'

/** What `iparo ingest --json` reports of its grinding (absent when the run had no layout). */
export interface NamespaceReport {
  bits: number
  urlBits: number
  /** IPAROs ground into the namespace */
  iparos: number
  /** nonces tried, summed over IPAROs (the matching nonce + 1 each) */
  tries: number
  /** wall time spent grinding */
  grindMs: number
  threads: number
}

/** An ingest's namespace: where it starts from, what it grinds with, what it reports. */
export interface IngestGrinding {
  from: { root: ArchiveRoot } | { manifest: Manifest }
  namespacing: Namespacing | undefined
  report: () => NamespaceReport | undefined
  close: () => Promise<void>
}

/**
 * The grinding of one ingest into `from`'s archive (archive-namespace.ts says which layout): a pool of
 * grinding threads, made only when the run has a layout, reading `IPARO_GRIND_THREADS` from `env`.
 */
export function ingestGrinding (from: IngestGrinding['from'], option: string | undefined, env: NodeJS.ProcessEnv, onProgress?: (stats: Readonly<GrindStats>) => void): IngestGrinding {
  const chosen = archiveNamespace(from, option)
  const layout = chosen.layout
  if (layout == null) return { from: chosen.from, namespacing: undefined, report: () => undefined, close: async () => {} }
  const pool: GrindPool = createGrindPool({ env, ...(onProgress != null ? { onProgress } : {}) })
  return {
    from: chosen.from,
    namespacing: { layout, grind: pool.grind },
    report: () => {
      const s = pool.stats
      return { bits: layout.bits, urlBits: layout.urlBits, iparos: s.iparos, tries: s.tries, grindMs: Math.round(s.grindMs), threads: s.threads }
    },
    close: pool.close
  }
}
