import { readdir, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { CID } from 'multiformats/cid'
import { fresh, iparo, json, serve, type Served } from '../../e2e/support/iparo-process.ts'
import { walkDag } from '../../src/core/car/walk-dag.ts'
import { openEmbeddedStore } from '../../src/node/embedded-store.ts'
import { startNetworkNode } from '../../src/node/p2p/start-network-node.ts'

export const LOOPBACK = ['--listen', '/ip4/127.0.0.1/tcp/0']

/** The archive's DAG: what every way of replicating must move. */
export async function dagSize (data: string, root: string): Promise<{ blocks: number, bytes: number }> {
  const store = await openEmbeddedStore(data)
  try {
    let blocks = 0
    let bytes = 0
    for await (const block of walkDag(store.blocks, [CID.parse(root)])) { blocks++; bytes += block.bytes.byteLength }
    return { blocks, bytes }
  } finally {
    await store.close()
  }
}

async function must (args: string[]): Promise<string> {
  const r = await iparo(args)
  if (r.code !== 0) throw new Error(`iparo ${args.join(' ')} exited ${r.code}: ${r.stderr}`)
  return r.stdout
}

/** `iparo pin` from A's folder to a fresh node C, end to end: the CLI's request, C's Bitswap fetch, the CLI's polling. */
export async function pinToFreshNode (a: Served, dataA: string, archive: string): Promise<number> {
  const dataC = fresh()
  const c = await serve(dataC, [...LOOPBACK, '--bootstrap', a.libp2p[0] ?? ''])
  try {
    const token = String(json(await iparo(['token', 'create', '--json', '--data', dataC])).token)
    const t0 = performance.now()
    await must(['pin', archive, '--service', `${c.url}pinning`, '--token', token, '--timeout', '300', '--data', dataA])
    return performance.now() - t0
  } finally {
    await c.stop()
  }
}

/** The same archive by file: `iparo export --car` from A's folder, `iparo import` into a fresh one. */
export async function carRoundTrip (dataA: string, archive: string): Promise<{ ms: number, carBytes: number }> {
  const dir = fresh()
  const car = join(dir, 'archive.car')
  const t0 = performance.now()
  await must(['export', archive, '--car', car, '--data', dataA])
  await must(['import', car, '--data', fresh()])
  return { ms: performance.now() - t0, carBytes: (await stat(car)).size }
}

/** Bitswap alone, in one process: two libp2p nodes on loopback, the DAG fetched as the pin worker does. */
export async function bitswapInProcess (dataA: string, root: string): Promise<number> {
  const storeA = await openEmbeddedStore(dataA)
  const storeB = await openEmbeddedStore(fresh())
  const a = await startNetworkNode(storeA, { listen: ['/ip4/127.0.0.1/tcp/0'], bootstrap: [] })
  const b = await startNetworkNode(storeB, { listen: ['/ip4/127.0.0.1/tcp/0'], bootstrap: [] })
  try {
    const t0 = performance.now()
    await b.fetchDag([CID.parse(root)], { origins: a.addresses() })
    return performance.now() - t0
  } finally {
    await b.close()
    await a.close()
    await storeB.close()
    await storeA.close()
  }
}

/** Bytes under the data folder's packs: what a copy holds on disk. */
export async function packBytes (data: string): Promise<number> {
  let total = 0
  for (const f of await readdir(join(data, 'packs')).catch(() => [])) total += (await stat(join(data, 'packs', f))).size
  return total
}
