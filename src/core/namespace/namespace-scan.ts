import type { CID } from 'multiformats/cid'
import type { BlockGetter } from '../blocks.ts'
import type { Datetime } from '../datetime.ts'
import type { DecodedIparo } from '../iparo/iparo-root.ts'
import { surt } from '../surt.ts'
import { sortCandidates } from './namespace-candidates.ts'
import { sameLayout, type NamespaceLayout } from './namespace-layout.ts'
import { namespacePrefix, type NamespacePrefix } from './namespace-prefix.ts'

/** The layout scanned when neither the command line nor a local archive names one (docs/namespacing.md). */
export const DEFAULT_SCAN_LAYOUT: NamespaceLayout = { bits: 6, urlBits: 10 }

/**
 * Where candidates come from: the blocks a store holds whose sha2-256 digest starts with one of the
 * prefixes, as dag-pb CIDs (an IPARO root's codec: stores key blocks by multihash alone).
 */
export type CandidateSource = (prefixes: readonly NamespacePrefix[], signal?: AbortSignal) => Promise<Iterable<CID>>

/** A URL's captures found by scanning, with their decoded roots (replay opens them without a second read). */
export interface ScannedUrl {
  url: string
  /** the URL-map key of a GET of `url`: what a capture's namespace bits were taken from */
  key: string
  layouts: NamespaceLayout[]
  mementos: DecodedIparo[]
  candidates: number
  collisions: number
}

/** What `iparo scan --json` prints. */
export interface NamespaceScan {
  url: string
  mementos: Array<{ cid: string, datetime: Datetime }>
  candidates: number
  collisions: number
}

/** Each layout once, in the order first given. */
export function distinctLayouts (layouts: Iterable<NamespaceLayout>): NamespaceLayout[] {
  const out: NamespaceLayout[] = []
  for (const l of layouts) if (!out.some(o => sameLayout(o, l))) out.push({ bits: l.bits, urlBits: l.urlBits })
  return out
}

/**
 * Finds the captures of `url` held where `source` looks, with no index: the candidates whose CIDs
 * have the URL's prefix under one of `layouts`, each root read and checked, collisions dropped.
 */
export async function scanNamespaces (url: string, layouts: readonly NamespaceLayout[], source: CandidateSource, blocks: BlockGetter, signal?: AbortSignal): Promise<ScannedUrl> {
  const key = surt(url)
  const scanned = distinctLayouts(layouts)
  const prefixes = await Promise.all(scanned.map(async l => namespacePrefix(l, key)))
  const candidates = await source(prefixes, signal)
  return { url, key, layouts: scanned, ...await sortCandidates(blocks, candidates, key, scanned, signal) }
}

export function scanReport (s: ScannedUrl): NamespaceScan {
  return {
    url: s.url,
    mementos: s.mementos.map(m => ({ cid: m.cid.toString(), datetime: m.header.datetime })),
    candidates: s.candidates,
    collisions: s.collisions
  }
}

/**
 * The archive part of replay paths that names the local node's own store, scanned by namespace
 * (`/_local/2016/http://memento.us/`): never an archive name, which starts with a letter or digit.
 */
export const LOCAL_ARCHIVE = '_local'
