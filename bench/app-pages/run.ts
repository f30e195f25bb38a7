/**
 * The app's page list at scale, at the archive API (the handler the node and the worker share), on a
 * synthetic archive of n pages in memory: a window of 100 by position at the start, middle and end, against
 * the reference of reaching the middle by key (`after`) pages, which is what a list without positions
 * must do; a host prefix's total; a full text search. Cold handler per case: block reads are real.
 *
 *   npx tsx bench/app-pages/run.ts [n]      (default 100000)
 *
 * Prints a table and writes bench/results/app-pages.json.
 */
import { mkdir, writeFile } from 'node:fs/promises'
import { cpus } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { manifest } from '../../src/core/archive/archive-test-support.ts'
import { writeSyntheticArchive } from '../../src/core/archive/synthetic-archive.test-support.ts'
import { MemoryBlockStore } from '../../src/core/blocks.ts'
import { ArchiveApiHandler, type PagesReply } from '../../src/core/replay/archive-api-handler.ts'
import { CountingBlockStore } from '../../src/core/url-map/url-map-fixtures.ts'

const n = Number(process.argv[2] ?? 100_000)
const RUNS = 5
const store = new CountingBlockStore(new MemoryBlockStore())
const { rootCid } = await writeSyntheticArchive(store, manifest, n)

/** Runs `requests` on a fresh handler (no decoded node cached): median ms, block reads and requests made. */
async function measure (requests: (get: (path: string) => Promise<PagesReply>) => Promise<void>): Promise<{ ms: number, blocks: number, requests: number }> {
  const times: number[] = []
  let blocks = 0
  let count = 0
  for (let run = 0; run < RUNS; run++) {
    const handler = new ArchiveApiHandler(store, { locate: async () => rootCid })
    count = 0
    const get = async (path: string): Promise<PagesReply> => {
      count++
      const request = new Request(`http://bench.test${path}`)
      return await (await handler.handle(request, new URL(request.url))).json() as PagesReply
    }
    store.reset()
    const t = performance.now()
    await requests(get)
    times.push(performance.now() - t)
    blocks = store.gets
  }
  times.sort((a, b) => a - b)
  return { ms: Number((times[Math.floor(RUNS / 2)] ?? 0).toFixed(2)), blocks, requests: count }
}

const base = '/api/v1/archive/a/pages'
const middle = Math.floor(n / 2)
const windowMiddle = await measure(async get => { await get(`${base}?offset=${middle}&limit=100`) })
const cases = {
  'window of 100 at the start (offset 0)': await measure(async get => { await get(`${base}?offset=0&limit=100`) }),
  [`window of 100 in the middle (offset ${middle})`]: windowMiddle,
  [`window of 100 at the end (offset ${n - 100})`]: await measure(async get => { await get(`${base}?offset=${n - 100}&limit=100`) }),
  'reference: the middle reached by key pages (after=, 1000 each)': await measure(async get => {
    let after: string | undefined
    for (let seen = 0; seen < middle + 100;) {
      const page = await get(`${base}?limit=1000${after != null ? `&after=${encodeURIComponent(after)}` : ''}`)
      seen += page.pages.length
      after = page.next
    }
  }),
  'host prefix total + first window (1,000 pages)': await measure(async get => { await get(`${base}?prefix=host0042.example.com&offset=0&limit=100`) }),
  'text search through every page (q=, 5,000 per request)': await measure(async get => {
    for (let after: string | undefined, first = true; first || after != null; first = false) {
      after = (await get(`${base}?q=zzz${after != null ? `&after=${encodeURIComponent(after)}` : ''}`)).next
    }
  })
}

const reference = cases['reference: the middle reached by key pages (after=, 1000 each)']
const rows = Object.entries(cases).map(([name, r]) => [name, `${r.ms} ms`, String(r.blocks), String(r.requests)])
const width = rows.reduce((w, r) => r.map((c, i) => Math.max(w[i] ?? 0, c.length)), [0, 0, 0, 0])
console.log(`archive API page list, ${n.toLocaleString('en-US')} synthetic pages, median of ${RUNS} cold runs (${cpus()[0]?.model ?? 'cpu'})`)
for (const r of [['case', 'time', 'block reads', 'requests'], ...rows]) console.log(r.map((c, i) => c.padEnd(width[i] ?? 0)).join('  '))
const ratios = {
  timeMiddleByKeyOverByPosition: Number((reference.ms / windowMiddle.ms).toFixed(1)),
  blocksMiddleByKeyOverByPosition: Number((reference.blocks / windowMiddle.blocks).toFixed(1))
}
console.log(`middle window by position vs by key pages: ${ratios.timeMiddleByKeyOverByPosition}× less time, ${ratios.blocksMiddleByKeyOverByPosition}× fewer block reads`)

const out = join(dirname(fileURLToPath(import.meta.url)), '..', 'results', 'app-pages.json')
await mkdir(dirname(out), { recursive: true })
await writeFile(out, JSON.stringify({ n, runs: RUNS, cases, ratios, at: new Date().toISOString() }, null, 2))
console.log(`wrote ${out}`)
