import { create, type KuboRPCClient } from 'kubo-rpc-client'
import type { CID } from 'multiformats/cid'
import { PushError } from './push-errors.ts'

/** What `iparo push` asks of a Kubo RPC endpoint (Kubo itself, or another IPARO node). */
export interface KuboTarget {
  readonly url: string
  /** the endpoint's peer ID and agent: also the first check that it answers and takes the token */
  identify (): Promise<{ id: string, agent: string }>
  /** whether `cid` is pinned recursively there: then its whole DAG is there */
  isPinned (cid: CID): Promise<boolean>
  /** every CID pinned recursively there (as CIDv1 strings) */
  pinnedRoots (): Promise<Set<string>>
  /** whether the endpoint holds the block, asked offline (never fetched from its network for the question) */
  hasBlock (cid: CID): Promise<boolean>
  /** sends a CAR; with `pinRoots`, each root the endpoint names, with why it could not pin it, if it could not */
  importCar (car: AsyncIterable<Uint8Array>, options: { pinRoots: boolean }): Promise<Array<{ cid: string, pinError: string }>>
  /** puts a signed IPNS record under /ipns/NAME */
  putRecord (ipns: string, record: Uint8Array): Promise<void>
}

/** The endpoint's status and message of a failed call, when it answered at all. */
export function httpFailure (err: unknown): { status?: number, message: string } {
  const status = (err as { response?: { status?: unknown } }).response?.status
  return { status: typeof status === 'number' ? status : undefined, message: err instanceof Error ? err.message : String(err) }
}

/** A failure of the endpoint in a sentence of ours; its own message (Kubo's, or a connection error) quoted. */
export function pushFailure (what: string, url: string, err: unknown): PushError {
  const { status, message } = httpFailure(err)
  if (status === 401) return new PushError(`${url} wants a token (--token, or IPARO_KUBO_TOKEN) to ${what}`, { cause: err })
  if (status === 403) return new PushError(`${url} refused the token to ${what}`, { cause: err })
  const said = message.trim().slice(0, 300)
  return new PushError(`could not ${what} at ${url}: ${status != null ? `HTTP ${status}: ` : ''}${said}`, { cause: err })
}

/** A kubo-rpc-client for the endpoint (in Node it calls the global fetch). */
export function kuboTarget (url: string, token: string | undefined): KuboTarget {
  const client: KuboRPCClient = create({ url: new URL(url), headers: token != null ? { Authorization: `Bearer ${token}` } : {} })
  const offline = { searchParams: new URLSearchParams({ offline: 'true' }) }
  return {
    url,
    async identify () {
      const info = await client.id()
      return { id: info.id.toString(), agent: info.agentVersion }
    },
    async isPinned (cid) {
      try {
        for await (const pin of client.pin.ls({ paths: [cid], type: 'recursive' })) if (pin.cid.toV1().equals(cid.toV1())) return true
        return false
      } catch (err) {
        // Kubo answers "is not pinned" as an error; a refused token or a dead endpoint is not an answer
        const { status } = httpFailure(err)
        if (status === 401 || status === 403 || status == null) throw err
        return false
      }
    },
    async pinnedRoots () {
      const out = new Set<string>()
      for await (const pin of client.pin.ls({ type: 'recursive' })) out.add(pin.cid.toV1().toString())
      return out
    },
    async hasBlock (cid) {
      try {
        await client.block.stat(cid, offline)
        return true
      } catch (err) {
        const { status } = httpFailure(err)
        if (status === 401 || status === 403 || status == null) throw err
        return false
      }
    },
    async importCar (car, { pinRoots }) {
      const roots: Array<{ cid: string, pinError: string }> = []
      for await (const { root } of client.dag.import(car, { pinRoots })) roots.push({ cid: root.cid.toString(), pinError: root.pinErrorMsg ?? '' })
      return roots
    },
    async putRecord (ipns, record) {
      // allow-offline: a Kubo that is not connected to the DHT still keeps and serves the record
      for await (const _ of client.routing.put(`/ipns/${ipns}`, record, { allowOffline: true })) { /* events */ }
    }
  }
}
