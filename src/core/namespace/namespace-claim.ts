import type { CID } from 'multiformats/cid'
import type { IparoHeader } from '../iparo/iparo-header.ts'
import { surt } from '../surt.ts'
import { sameLayout, type NamespaceLayout } from './namespace-layout.ts'
import { hasPrefix, namespacePrefix } from './namespace-prefix.ts'

/** The URL key a memento's namespace bits are taken from: its URL-map key. */
export function namespaceKey (header: Pick<IparoHeader, 'uri' | 'key'>): string {
  return header.key ?? surt(header.uri)
}

/**
 * Whether an IPARO's CID is in the namespace its header claims (under `layout`, when given, and no
 * other): a claim is the header's word, checked here against the CID's digest, never taken as is.
 */
export async function namespaceClaimHolds (cid: CID, header: IparoHeader, layout?: NamespaceLayout): Promise<boolean> {
  const claim = header.namespace
  if (claim == null || (layout != null && !sameLayout(claim, layout))) return false
  if (cid.multihash.code !== 0x12) return false
  return hasPrefix(cid.multihash.digest, await namespacePrefix(claim, namespaceKey(header)))
}
