import { publicKeyFromProtobuf } from '@libp2p/crypto/keys'
import { peerIdFromPublicKey } from '@libp2p/peer-id'
import { base36 } from 'multiformats/bases/base36'
import type { CID } from 'multiformats/cid'
import type { BlockGetter } from '../../core/blocks.ts'
import { readArchiveRoot } from '../../core/archive/archive-root.ts'
import { validateArchiveRecord } from '../../core/naming/ipns-name.ts'
import type { ArchiveRegistry } from '../archive-registry.ts'
import type { NetworkNode } from '../p2p/network-node.ts'

/** Where the record the node now holds for a pinned archive came from. */
export type Adoption = 'request' | 'network' | 'held' | 'none'

/** The pin's `meta` key carrying the archive's marshalled IPNS record, base64 (what `iparo pin` sends). */
export const IPNS_RECORD_META = 'ipns_record'

export interface AdoptOptions {
  blocks: BlockGetter
  registry: ArchiveRegistry
  network?: NetworkNode
  signal?: AbortSignal
  log?: (line: string) => void
}

/** The `k51…` IPNS name of an archive root's key, or undefined when the root is not an IPARO archive. */
export async function archiveIpnsName (blocks: BlockGetter, root: CID): Promise<string | undefined> {
  let publicKey: Uint8Array
  try {
    publicKey = (await readArchiveRoot(blocks, root)).manifest.publicKey
  } catch {
    // any other DAG (a file, a directory, a block of someone else's): pinned as it is, no name to adopt
    return undefined
  }
  try {
    return peerIdFromPublicKey(publicKeyFromProtobuf(publicKey)).toCID().toString(base36)
  } catch {
    return undefined
  }
}

function decodeBase64 (text: string | undefined): Uint8Array | undefined {
  if (text == null || text === '' || !/^[A-Za-z0-9+/_-]+={0,2}$/.test(text)) return undefined
  return new Uint8Array(Buffer.from(text, text.includes('-') || text.includes('_') ? 'base64url' : 'base64'))
}

/**
 * After an archive root is pinned: keep its IPNS record, so the node's routing answers for the name
 * and its republisher keeps the record alive. The record sent with the pin (`meta.ipns_record`) is
 * taken when it is valid for the archive's own name (its key is in the root's manifest) and newer than
 * the one held; without one that passes, the DHT is asked. A record is signed by the archive's key, so
 * whoever asked for the pin cannot forge or roll back the name: `acceptIpnsRecord` refuses older ones.
 */
export async function adoptIpnsRecord (root: CID, meta: Record<string, string>, options: AdoptOptions): Promise<{ ipns: string, adopted: Adoption } | undefined> {
  const ipns = await archiveIpnsName(options.blocks, root)
  if (ipns == null) return undefined
  const sent = decodeBase64(meta[IPNS_RECORD_META])
  const fromRequest = sent == null ? 'refused' : await offer(ipns, sent, options)
  if (fromRequest === 'stored') return { ipns, adopted: 'request' }
  // a valid record that is not newer: the node already holds this name at least as fresh
  if (fromRequest === 'held') return { ipns, adopted: 'held' }
  const found = await options.network?.getIpns(ipns, { signal: options.signal }).catch((err: unknown) => {
    options.log?.(`pinning: no IPNS record for ${ipns} from the network: ${(err as Error).message}`)
    return undefined
  })
  if (found != null && await offer(ipns, found, options) === 'stored') return { ipns, adopted: 'network' }
  return { ipns, adopted: await options.registry.ipnsRecord(ipns) != null ? 'held' : 'none' }
}

/** `stored`: now held; `held`: valid, but the one held is at least as new; `refused`: not valid for the name. */
async function offer (ipns: string, bytes: Uint8Array, options: AdoptOptions): Promise<'stored' | 'held' | 'refused'> {
  try {
    await validateArchiveRecord(ipns, bytes)
  } catch (err) {
    options.log?.(`pinning: refused an IPNS record for ${ipns}: ${(err as Error).message}`)
    return 'refused'
  }
  try {
    await options.registry.acceptIpnsRecord(ipns, bytes)
    return 'stored'
  } catch (err) {
    if ((err as Error).name === 'StaleIpnsRecordError') return 'held'
    throw err
  }
}
