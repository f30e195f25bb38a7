import { blockMatches } from '../src/core/blocks.ts'
import type { CID } from 'multiformats/cid'

/**
 * Whether one of `gateways` answers `cid` with bytes that are not its own. Helia's trustless-gateway
 * broker drops a block that fails validation and tries the next gateway without keeping the reason, so
 * a block no gateway delivered is asked for once more here: a person is then told "failed verification"
 * (someone sent wrong data) rather than "unreachable". Only on that failure path: one request per gateway.
 */
export async function gatewaySentWrongBytes (cid: CID, gateways: string[], signal?: AbortSignal): Promise<boolean> {
  for (const gateway of gateways) {
    try {
      const response = await fetch(new URL(`/ipfs/${cid.toString()}?format=raw`, gateway), { headers: { Accept: 'application/vnd.ipld.raw' }, ...(signal != null ? { signal } : {}) })
      if (!response.ok) continue
      if (!(await blockMatches(cid, new Uint8Array(await response.arrayBuffer())))) return true
    } catch {
      // unreachable or aborted: this gateway sent nothing, wrong or right
    }
  }
  return false
}
