/**
 * Real IPARO root blocks to grind: the roots of a fixture crawl's mementos, as the core ingest builds
 * them with a namespace claim (so with the nonce field), caught at the grinder.
 */
import { CID } from 'multiformats/cid'
import * as dagPb from '@ipld/dag-pb'
import { sha256 } from 'multiformats/hashes/sha2'
import { MemoryBlockStore } from '../../src/core/blocks.ts'
import { decodeIparo } from '../../src/core/iparo/iparo-root.ts'
import { namespaceKey } from '../../src/core/namespace/namespace-claim.ts'
import type { NonceGrinder } from '../../src/core/namespace/namespacing.ts'
import { ingestFixtures } from './fixture-ingest.ts'

export interface SampleRoot {
  /** the root block with the nonce's 16 digits at `nonceAt` (zeros as built) */
  bytes: Uint8Array
  nonceAt: number
  /** the URL key its URL bits come from */
  key: string
}

/**
 * `count` roots spread evenly over the memento roots the ingest of `fixtures` builds, in build order.
 * The ingest claims layout 0:0 (nothing to grind); the bench grinds each root for every bit count,
 * whatever its header claims: a try's cost depends on the root's length, and the header's layout digits
 * change that length by a byte at most.
 */
export async function sampleRoots (fixtures: string[], count: number): Promise<SampleRoot[]> {
  const all: SampleRoot[] = []
  const catching: NonceGrinder = async (root, nonceAt) => {
    const cid = CID.createV1(dagPb.code, await sha256.digest(root))
    all.push({ bytes: root.slice(), nonceAt, key: namespaceKey(decodeIparo(cid, root).header) })
    return root.slice()
  }
  await ingestFixtures(new MemoryBlockStore(), fixtures, { layout: { bits: 0, urlBits: 0 }, grind: catching })
  if (all.length === 0) throw new Error(`no memento in ${fixtures.join(', ')}`)
  const step = all.length / Math.min(count, all.length)
  return Array.from({ length: Math.min(count, all.length) }, (_, i) => all[Math.floor(i * step)]).filter(r => r != null)
}
