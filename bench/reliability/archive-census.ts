import { CID } from 'multiformats/cid'
import { ArchiveReader } from '../../src/core/archive/archive-reader.ts'
import { walkDag } from '../../src/core/car/walk-dag.ts'
import { validateArchiveRecord } from '../../src/core/naming/ipns-name.ts'
import { ArchiveRegistry } from '../../src/node/archive-registry.ts'
import { openEmbeddedStore } from '../../src/node/embedded-store.ts'

/** What an archive holds, read from its data folder as any reader would (no lock). */
export interface Census {
  /** the archive's own counts (root) */
  urls: number
  mementos: number
  /** every memento found by walking each URL's version chain: "URL DATETIME", sorted */
  versions: string[]
  /** every TimeMap complete (no link leading nowhere) */
  complete: boolean
  /** the stored IPNS record validates and every block of the root it names is present */
  ipnsComplete: boolean
  ipnsSequence: number
}

export async function censusOf (data: string, name: string): Promise<Census> {
  const store = await openEmbeddedStore(data)
  try {
    const registry = new ArchiveRegistry(store)
    const record = await registry.require(name)
    const reader = await ArchiveReader.open(store.blocks, CID.parse(record.root))
    const versions: string[] = []
    let complete = true
    for await (const [, entry] of reader.urls.range()) {
      const timemap = await reader.timemap(entry)
      complete &&= timemap.complete
      for (const m of timemap.mementos) versions.push(`${entry.url} ${m.datetime}`)
    }
    const ipns = await ipnsState(registry, store.blocks, record.ipns)
    return { urls: reader.root.counts.urls, mementos: reader.root.counts.mementos, versions: versions.sort(), complete, ...ipns }
  } finally {
    await store.close()
  }
}

async function ipnsState (registry: ArchiveRegistry, blocks: Parameters<typeof walkDag>[0], ipns: string): Promise<{ ipnsComplete: boolean, ipnsSequence: number }> {
  const bytes = await registry.ipnsRecord(ipns)
  if (bytes == null) return { ipnsComplete: false, ipnsSequence: -1 }
  const record = await validateArchiveRecord(ipns, bytes)
  try {
    for await (const block of walkDag(blocks, [record.value])) void block
    return { ipnsComplete: true, ipnsSequence: Number(record.sequence) }
  } catch {
    return { ipnsComplete: false, ipnsSequence: Number(record.sequence) }
  }
}

/** Versions in `expected` missing from `got`, and versions in `got` beyond `expected` (duplicates included). */
export function compareVersions (expected: string[], got: string[]): { lost: number, extra: number } {
  const counts = new Map<string, number>()
  for (const v of expected) counts.set(v, (counts.get(v) ?? 0) + 1)
  let extra = 0
  for (const v of got) {
    const n = counts.get(v) ?? 0
    if (n > 0) counts.set(v, n - 1)
    else extra++
  }
  let lost = 0
  for (const n of counts.values()) lost += n
  return { lost, extra }
}
