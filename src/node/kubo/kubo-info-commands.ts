import { publicKeyToProtobuf } from '@libp2p/crypto/keys'
import { peerIdFromPrivateKey } from '@libp2p/peer-id'
import { CID } from 'multiformats/cid'
import type { EmbeddedStore } from '../embedded-store.ts'
import { nodeKey } from '../node-identity.ts'
import type { NetworkNode } from '../p2p/network-node.ts'
import type { PinRecord, PinStore } from '../pins/pin-store.ts'
import { SOFTWARE, VERSION } from '../software.ts'
import { boolOption, cidArg } from './kubo-args.ts'
import { NotPinnedError } from './kubo-errors.ts'
import { kuboStream, kuboValue } from './kubo-stream.ts'

export interface InfoContext {
  store: EmbeddedStore
  pins: Pick<PinStore, 'list'>
  network?: NetworkNode
}

/** `id`: this node's peer ID and key, its libp2p addresses (none when offline) and what it runs. */
export async function id (ctx: InfoContext): Promise<Response> {
  const key = await nodeKey(ctx.store.dir)
  return kuboValue({
    ID: peerIdFromPrivateKey(key).toString(),
    PublicKey: Buffer.from(publicKeyToProtobuf(key.publicKey)).toString('base64'),
    Addresses: ctx.network?.addresses() ?? [],
    AgentVersion: SOFTWARE,
    Protocols: []
  })
}

/** `version`: Kubo's fields, naming IPARO (clients print it; none compares it to Kubo's). */
export function version (): Response {
  return kuboValue({ Version: VERSION, Commit: '', Repo: '', System: `${process.arch}/${process.platform}`, Golang: '' })
}

/**
 * `block/stat?arg=CID`: the block's size when it is held here. Never fetched from the network (as
 * Kubo's `--offline`): a block not held is Kubo's offline "not found" (a 500).
 */
export async function blockStat (ctx: InfoContext, url: URL): Promise<Response> {
  const cid = cidArg(url.searchParams.get('arg') ?? '')
  // BlockNotFoundError when not held: the error mapping answers it as Kubo's offline lookup does
  const bytes = await ctx.store.blocks.get(cid)
  return kuboValue({ Key: cid.toString(), Size: bytes.byteLength })
}

/**
 * `pin/ls[?arg=CID…][&type=…]`: the node's pins that are `pinned` (pinning-service pins and imported
 * roots), all recursive, as Kubo streams them (`{ Cid, Type, Name? }` per line). A CID asked for that
 * is not pinned is Kubo's "is not pinned" error.
 */
export async function pinLs (ctx: InfoContext, url: URL): Promise<Response> {
  const type = url.searchParams.get('type') ?? 'all'
  const names = boolOption(url, 'names', false)
  const pinned = new Map<string, PinRecord>()
  if (type === 'all' || type === 'recursive') {
    for (const pin of await ctx.pins.list()) {
      const key = pin.status === 'pinned' ? sameCid(pin.cid) : undefined
      if (key != null && !pinned.has(key)) pinned.set(key, pin)
    }
  }
  const asked = url.searchParams.getAll('arg').map(cidArg)
  const chosen = asked.length === 0 ? [...pinned.values()] : asked.map(cid => {
    const pin = pinned.get(cid.toV1().toString())
    if (pin == null) throw new NotPinnedError(`path '${cid.toString()}' is not pinned`)
    return pin
  })
  return kuboStream(chosen.map(pin => ({ Cid: pin.cid, Type: 'recursive', ...(names ? { Name: pin.name ?? '' } : {}) })))
}

/** One spelling per content (CIDv1), so a pin made with a v0 CID answers for its v1 and back. */
function sameCid (text: string): string | undefined {
  try {
    return CID.parse(text).toV1().toString()
  } catch {
    return undefined
  }
}
