/**
 * URL-map benchmark: block fetches per lookup and per prefix page, blocks written per update, build
 * time and size, for n ∈ {1k, 100k, 1M} synthetic SURT keys (docs/url-map.md reports the numbers).
 *
 *   npx tsx bench/url-map/run.ts [n …]      (default: 1000 100000 1000000)
 *
 * Prints a table and writes bench/results/url-map.json.
 */
import { mkdir, writeFile } from 'node:fs/promises'
import { cpus } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { MemoryBlockStore } from '../../src/core/blocks.ts'
import { surt } from '../../src/core/surt.ts'
import { compareKeys } from '../../src/core/url-map/key-order.ts'
import { decodeNode } from '../../src/core/url-map/map-node.ts'
import { CountingBlockStore, fixtureCid, seededRandom } from '../../src/core/url-map/url-map-fixtures.ts'
import type { UrlEntry, UrlMapChange } from '../../src/core/url-map/url-map.ts'
import { UrlMap } from '../../src/core/url-map/url-map.ts'

const LOOKUPS = 1000
const PAGES = 200
const UPDATES = 100
const BATCH = 1000

const TLDS = ['com', 'org', 'net', 'de', 'co.uk', 'fr', 'io', 'edu', 'gov', 'nl']
const WORDS = ['news', 'blog', 'shop', 'library', 'museum', 'archive', 'city', 'science', 'sports', 'music']

/** Hosts of 1–199 pages (mean 100): paths of a few shapes, a fifth with query strings. */
function syntheticUrls (n: number, rand: () => number): string[] {
  const urls: string[] = []
  for (let host = 0; urls.length < n; host++) {
    const pages = 1 + Math.floor(rand() * 199)
    const name = `${['www.', '', 'blog.', 'www2.'][host % 4]}${WORDS[host % WORDS.length]}-${host}.${TLDS[Math.floor(host / 7) % TLDS.length]}`
    for (let p = 0; p < pages && urls.length < n; p++) {
      const year = 2000 + (p % 24)
      const path = p % 3 === 0
        ? `/${year}/${String(1 + (p % 12)).padStart(2, '0')}/article-${p}-${Math.floor(rand() * 1e6)}.html`
        : p % 3 === 1 ? `/section${p % 13}/Page_${p}` : `/assets/img/${p}.png`
      urls.push(`${rand() < 0.5 ? 'https' : 'http'}://${name}${path}${p % 5 === 0 ? `?id=${p}&lang=en&ref=home` : ''}`)
    }
  }
  return urls
}

function entryFor (i: number, url: string): UrlEntry {
  const day = String(1 + (i % 28)).padStart(2, '0')
  const entry: UrlEntry = {
    url,
    head: fixtureCid(i),
    first: `2015-03-${day}T10:20:30Z`,
    last: `2024-11-${day}T08:09:10.5Z`,
    count: 1 + (i % 7)
  }
  if (i % 3 === 0) entry.title = `Page ${i} of a synthetic archive`
  return entry
}

interface Stats { mean: number, worst: number }
const stats = (xs: number[]): Stats => ({ mean: Number((xs.reduce((a, b) => a + b, 0) / xs.length).toFixed(3)), worst: Math.max(...xs) })

async function runOne (n: number) {
  const rand = seededRandom(n)
  const t0 = performance.now()
  const pairs = syntheticUrls(n, rand).map(u => [surt(u), u] as [string, string])
  pairs.sort((a, b) => compareKeys(a[0], b[0]))
  const keys: string[] = []
  const urls: string[] = []
  for (const [k, u] of pairs) {
    if (keys.length > 0 && keys[keys.length - 1] === k) continue
    keys.push(k)
    urls.push(u)
  }
  pairs.length = 0
  const genMs = performance.now() - t0

  const memory = new MemoryBlockStore()
  const store = new CountingBlockStore(memory)
  const t1 = performance.now()
  const map = await UrlMap.fromSorted(store, (function * () {
    for (let i = 0; i < keys.length; i++) yield [keys[i] as string, entryFor(i, urls[i] as string)] as const
  })(), { cacheSize: 0 })
  const buildMs = performance.now() - t1
  const written = store.puts

  // size: every node of the map (the store holds exactly these after the build)
  let bytes = 0
  let maxNodeBytes = 0
  let leaves = 0
  let leafItems = 0
  let branches = 0
  let branchItems = 0
  for (const block of memory.blocks.values()) {
    bytes += block.length
    maxNodeBytes = Math.max(maxNodeBytes, block.length)
  }
  for await (const cid of map.walkBlocks()) {
    const node = decodeNode(cid, await memory.get(cid))
    if (node.level === 0) { leaves++; leafItems += node.keys.length } else { branches++; branchItems += node.keys.length }
  }

  const bound = Math.ceil(Math.log(keys.length) / Math.log(100)) + 1

  // lookups: a fresh map (no cache) per lookup, so the root fetch counts too
  const lookups: number[] = []
  for (let i = 0; i < LOOKUPS; i++) {
    const key = keys[Math.floor(rand() * keys.length)] as string
    store.reset()
    const fresh = await UrlMap.load(store, map.root, { cacheSize: 0 })
    if ((await fresh.get(key)) === undefined) throw new Error(`lost ${key}`)
    lookups.push(store.gets)
  }

  // 100-URL prefix pages: hosts with at least 100 URLs
  const hostStarts: number[] = []
  for (let i = 0; i < keys.length; i++) {
    const host = (keys[i] as string).slice(0, (keys[i] as string).indexOf(')') + 2)
    if (i === 0 || !(keys[i - 1] as string).startsWith(host)) hostStarts.push(i)
  }
  const bigHosts = hostStarts.filter(s => (keys[s + 99] ?? '').startsWith((keys[s] as string).slice(0, (keys[s] as string).indexOf(')') + 2)))
  const pages: number[] = []
  for (let i = 0; i < PAGES && bigHosts.length > 0; i++) {
    const start = keys[bigHosts[Math.floor(rand() * bigHosts.length)] as number] as string
    const prefix = start.slice(0, start.indexOf(')') + 2)
    store.reset()
    const fresh = await UrlMap.load(store, map.root, { cacheSize: 0 })
    let got = 0
    for await (const _kv of fresh.range({ prefix, limit: 100 })) got++
    if (got !== 100) throw new Error(`page of ${prefix}: ${got}`)
    pages.push(store.gets)
  }

  // single-key writes from the same base version: replace, insert, delete
  const updateWrites: number[] = []
  const updateFetches: number[] = []
  for (let i = 0; i < UPDATES; i++) {
    const at = Math.floor(rand() * keys.length)
    const key = keys[at] as string
    const fresh = await UrlMap.load(store, map.root, { cacheSize: 0 })
    store.reset()
    const kind = i % 3
    if (kind === 0) await fresh.set(key, { ...entryFor(at, urls[at] as string), count: 99 })
    else if (kind === 1) await fresh.set(`${key}~new`, entryFor(at, `${urls[at] as string}~new`))
    else await fresh.delete(key)
    updateWrites.push(store.puts)
    updateFetches.push(store.gets + 1)
  }

  // one ingest-sized batch: BATCH random keys, half new
  const changes: UrlMapChange[] = Array.from({ length: Math.min(BATCH, keys.length) }, (_, i) => {
    const at = Math.floor(rand() * keys.length)
    const key = i % 2 === 0 ? keys[at] as string : `${keys[at] as string}/batch${i}`
    return { key, update: (old) => old == null ? entryFor(at, urls[at] as string) : { ...old, count: old.count + 1 } }
  })
  const fresh = await UrlMap.load(store, map.root, { cacheSize: 0 })
  store.reset()
  const t2 = performance.now()
  const batchRoot = await fresh.bulkUpdate(changes)
  const batchMs = performance.now() - t2
  const batch = { changes: changes.length, written: store.puts, fetched: store.gets, ms: Math.round(batchMs) }
  const after = await UrlMap.load(store, batchRoot)
  if (after.count !== keys.length + changes.length / 2) throw new Error(`batch count ${after.count}`)

  return {
    n: keys.length,
    generateMs: Math.round(genMs),
    buildMs: Math.round(buildMs),
    height: map.height,
    nodes: leaves + branches,
    nodesWritten: written,
    leaves,
    branches,
    bytes,
    bytesPerEntry: Number((bytes / keys.length).toFixed(1)),
    maxNodeBytes,
    meanLeafEntries: Number((leafItems / leaves).toFixed(1)),
    meanBranchChildren: branches === 0 ? 0 : Number((branchItems / branches).toFixed(1)),
    bound,
    lookupFetches: stats(lookups),
    prefixPageFetches: { ...stats(pages), bound: bound + 2 },
    updateBlocksWritten: stats(updateWrites),
    updateBlocksFetched: stats(updateFetches),
    batch,
    rssMiB: Math.round(process.memoryUsage().rss / 2 ** 20)
  }
}

const sizes = process.argv.slice(2).map(Number).filter(x => x > 0)
const results = []
for (const n of sizes.length > 0 ? sizes : [1_000, 100_000, 1_000_000]) {
  const r = await runOne(n)
  results.push(r)
  console.error(`n=${r.n} done: build ${r.buildMs} ms, rss ${r.rssMiB} MiB`)
}

const rows = [
  ['n', ...results.map(r => String(r.n))],
  ['height (levels)', ...results.map(r => String(r.height))],
  ['bound ⌈log₁₀₀ n⌉+1', ...results.map(r => String(r.bound))],
  ['lookup fetches mean / worst', ...results.map(r => `${r.lookupFetches.mean} / ${r.lookupFetches.worst}`)],
  ['100-URL prefix page mean / worst (bound+2)', ...results.map(r => `${r.prefixPageFetches.mean} / ${r.prefixPageFetches.worst} (${r.prefixPageFetches.bound})`)],
  ['1-key update: blocks written mean / worst', ...results.map(r => `${r.updateBlocksWritten.mean} / ${r.updateBlocksWritten.worst}`)],
  ['1-key update: blocks fetched mean / worst', ...results.map(r => `${r.updateBlocksFetched.mean} / ${r.updateBlocksFetched.worst}`)],
  [`${BATCH}-change batch: written / fetched / ms`, ...results.map(r => `${r.batch.written} / ${r.batch.fetched} / ${r.batch.ms}`)],
  ['build ms (fromSorted)', ...results.map(r => String(r.buildMs))],
  ['nodes (leaves + branches)', ...results.map(r => `${r.nodes} (${r.leaves} + ${r.branches})`)],
  ['mean entries/leaf, children/branch', ...results.map(r => `${r.meanLeafEntries}, ${r.meanBranchChildren}`)],
  ['bytes total (per entry)', ...results.map(r => `${r.bytes} (${r.bytesPerEntry})`)],
  ['largest node bytes', ...results.map(r => String(r.maxNodeBytes))],
  ['rss MiB after run', ...results.map(r => String(r.rssMiB))]
]
const widths = rows[0]?.map((_, i) => Math.max(...rows.map(r => (r[i] ?? '').length))) ?? []
for (const r of rows) console.log(r.map((c, i) => i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0)).join('  '))

const out = join(dirname(fileURLToPath(import.meta.url)), '..', 'results', 'url-map.json')
await mkdir(dirname(out), { recursive: true })
await writeFile(out, JSON.stringify({ date: new Date().toISOString(), node: process.version, cpus: cpus().length, results }, null, 2) + '\n')
console.log(`\nwrote ${out}`)
