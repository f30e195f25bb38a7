import { mkdtempSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { validateArchiveRecord } from '../../core/naming/ipns-name.ts'
import { openEmbeddedStore, type EmbeddedStore } from '../embedded-store.ts'
import { startLocalNode, type LocalNode } from '../serve/local-node.ts'

/** A data folder of its own, in the system's temp folder. */
export async function tempStore (label: string): Promise<EmbeddedStore> {
  return openEmbeddedStore(mkdtempSync(join(tmpdir(), `iparo-${label}-`)))
}

/** A real node (`iparo serve`'s handlers, in process, on 127.0.0.1): its routing endpoint is the router. */
export async function routerNode (label: string): Promise<{ store: EmbeddedStore, node: LocalNode, close: () => Promise<void> }> {
  const store = await tempStore(label)
  const node = await startLocalNode({ store })
  return { store, node, close: async () => { await node.close(); await store.close() } }
}

/** A loopback port nothing listens on (taken, then released): connecting to it is refused at once. */
export async function closedPort (): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as { port: number }
  await new Promise<void>((resolve) => server.close(() => resolve()))
  return port
}

/** What a router answers for a name: the status and, when 200, the record's sequence. */
export async function routerHolds (routerUrl: string, ipns: string): Promise<{ status: number, sequence?: number, bytes?: Uint8Array }> {
  const response = await fetch(`${routerUrl.replace(/\/$/, '')}/routing/v1/ipns/${ipns}`, { headers: { Accept: 'application/vnd.ipfs.ipns-record' } })
  const bytes = new Uint8Array(await response.arrayBuffer())
  if (response.status !== 200) return { status: response.status }
  return { status: 200, sequence: Number((await validateArchiveRecord(ipns, bytes)).sequence), bytes }
}
