/**
 * Rewriting benchmark: throughput of the streaming HTML rewriter over a large synthetic page against a
 * pass-through TransformStream in the same run (the cost of the stream machinery alone), and the peak
 * memory while a 50 MB page flows through (it must not grow with the page: docs/rewriting.md).
 *
 *   npm run bench:rewrite [-- <MB>]      (default: 50)
 *
 * Prints a table and writes bench/results/rewrite.json.
 */
import { mkdir, writeFile } from 'node:fs/promises'
import { cpus } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { fromBinaryString, toBinaryString } from '../../src/core/rewrite/binary-string.ts'
import { htmlRewriteStream } from '../../src/core/rewrite/html-rewriter.ts'
import { rewriteLocation } from '../../src/core/rewrite/js-location-rewriter.ts'
import { UrlRewriter } from '../../src/core/rewrite/url-rewriter.ts'

const MB = 1024 * 1024
const CHUNK = 64 * 1024
const RUNS = 3

// A page of what real pages are made of: links, images with srcset, inline styles and scripts, text.
const BLOCK = `<div class="item" style="background:url(/bg/tile.png)"><h2><a href="/articles/2014/01/a-story.html" target="_blank">A story</a></h2>
<img src="//cdn.example.org/img/photo.jpg" srcset="/img/photo-1x.jpg 1x, /img/photo,w_800.jpg 2x" alt="photo">
<p>Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt ut labore et dolore magna aliqua.
Ut enim ad minim veniam, quis nostrud exercitation ullamco laboris nisi ut aliquip ex ea commodo consequat &amp; more.</p>
<script>window.counter = (window.counter || 0) + 1; if (counter < 0) document.write("<b>never</b>")</script>
<a href="http://other.example.com/page?x=1&amp;y=2">elsewhere</a> <a href="#top">top</a></div>
`
const HEAD = '<!doctype html><html><head><meta charset="utf-8"><title>big</title><link rel="stylesheet" href="/s.css"></head><body>\n'

/** `size` bytes of HTML as 64 KB chunks made on the fly: the page is never in memory whole. */
function page (size: number): ReadableStream<Uint8Array> {
  const unit = new TextEncoder().encode(BLOCK.repeat(Math.ceil(CHUNK / BLOCK.length)).slice(0, CHUNK))
  let sent = 0
  return new ReadableStream<Uint8Array>({
    pull (controller) {
      if (sent === 0) { const head = new TextEncoder().encode(HEAD); sent += head.byteLength; controller.enqueue(head); return }
      if (sent >= size) { controller.close(); return }
      controller.enqueue(unit.slice()) // a fresh chunk each time, as a body read from blocks is
      sent += unit.byteLength
    }
  }, { highWaterMark: 0 })
}

interface Run { ms: number, cpuMs: number, bytesIn: number, bytesOut: number, peakHeapMB: number, peakRssMB: number }

async function measure (size: number, transform: () => TransformStream<Uint8Array, Uint8Array>): Promise<Run> {
  const before = process.memoryUsage()
  let peakHeap = before.heapUsed
  let peakRss = before.rss
  let bytesOut = 0
  let chunks = 0
  const c0 = process.cpuUsage()
  const t0 = performance.now()
  const reader = page(size).pipeThrough(transform()).getReader()
  for (let r = await reader.read(); !r.done; r = await reader.read()) {
    bytesOut += r.value.byteLength
    if (++chunks % 16 === 0) {
      const m = process.memoryUsage()
      peakHeap = Math.max(peakHeap, m.heapUsed)
      peakRss = Math.max(peakRss, m.rss)
    }
  }
  const ms = performance.now() - t0
  const cpu = process.cpuUsage(c0)
  return { ms, cpuMs: (cpu.user + cpu.system) / 1000, bytesIn: size, bytesOut, peakHeapMB: peakHeap / MB, peakRssMB: peakRss / MB }
}

const passThrough = (): TransformStream<Uint8Array, Uint8Array> => new TransformStream()
/** Bytes to a binary string and back, nothing else: the floor for any rewriting of text. */
const roundTrip = (): TransformStream<Uint8Array, Uint8Array> => new TransformStream({ transform (chunk, c) { c.enqueue(fromBinaryString(toBinaryString(chunk))) } })
const rewriting = (): TransformStream<Uint8Array, Uint8Array> => htmlRewriteStream({
  urls: new UrlRewriter({ archive: 'bench', digits: '20140126200624', modifier: 'mp_', url: 'http://www.example.org/index.html' }, { binary: true }),
  inject: '<script src="/replay-client.js"></script>'
})

// Script text of the usual mix: code, strings, templates, comments, regular expressions, some `location`s.
const SCRIPT = `/* a module of a site */ function go (to) { if (to !== location.href) window.location.assign(to) }
var cfg = { location: "main", re: /[/]location\\//g, ratio: total / count / 2 }; // location of the config
const label = \`at \${document.location.pathname} of \${items.length} items\`; el.addEventListener('click', e => { e.preventDefault(); go(a.href) })
for (let i = 0; i < list.length; i++) { if (list[i].id === id) return list[i] } props.location && render(props.location)
`

/** `rewriteLocation` over `mb` MB of script, against a plain regex replace of the identifier in the same run (which knows no strings or keys). */
function measureScript (mb: number): { mb: number, lexerCpuMbPerS: number, regexCpuMbPerS: number, ratio: number } {
  const js = SCRIPT.repeat(Math.ceil(mb * MB / SCRIPT.length))
  const cpu = (f: () => string): number => {
    const times: number[] = []
    for (let i = 0; i < RUNS + 1; i++) {
      const c0 = process.cpuUsage()
      if (f().length === 0) throw new Error('empty output')
      const c = process.cpuUsage(c0)
      if (i > 0) times.push((c.user + c.system) / 1000) // the first is the warm-up
    }
    return median(times)
  }
  const lexer = cpu(() => rewriteLocation(js))
  const regex = cpu(() => js.replace(/\blocation\b/g, '__iparoLoc'))
  const size = js.length / MB
  return { mb: round(size), lexerCpuMbPerS: round(size / (lexer / 1000)), regexCpuMbPerS: round(size / (regex / 1000)), ratio: round(regex / lexer, 3) }
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN
const round = (x: number, d = 1): number => Number(x.toFixed(d))

async function main (): Promise<void> {
  const size = Number(process.argv[2] ?? 50) * MB
  const small = 5 * MB
  // warm-up: the JIT, before anything is timed
  await measure(small, passThrough)
  await measure(small, rewriting)
  await measure(small, roundTrip)
  // Wall time and CPU time both: the machine is shared, and CPU time is what the rewriter itself costs.
  const rows: Record<string, { runs: Run[], mbPerS: number, ms: number, cpuMbPerS: number }> = {}
  for (const [name, t] of [['pass-through', passThrough], ['byte round-trip', roundTrip], ['rewrite', rewriting]] as const) {
    const runs: Run[] = []
    for (let i = 0; i < RUNS; i++) runs.push(await measure(size, t))
    const ms = median(runs.map(r => r.ms))
    const cpuMs = median(runs.map(r => r.cpuMs))
    rows[name] = { runs, ms: round(ms), mbPerS: round(size / MB / (ms / 1000)), cpuMbPerS: round(size / MB / (cpuMs / 1000)) }
  }
  // memory bounded: the peak while a 5 MB page flows is compared with a page ten times its size
  const smallPeak = (await measure(small, rewriting)).peakHeapMB
  const script = measureScript(10)
  const reference = rows['pass-through']
  const rewrite = rows.rewrite
  const trip = rows['byte round-trip']
  if (reference == null || rewrite == null || trip == null) throw new Error('missing rows')
  const result = {
    date: new Date().toISOString(),
    machine: { cpus: cpus().length, model: cpus()[0]?.model, node: process.version },
    pageMB: size / MB,
    chunkKB: CHUNK / 1024,
    runs: RUNS,
    passThrough: { medianMs: reference.ms, mbPerS: reference.mbPerS, cpuMbPerS: reference.cpuMbPerS },
    byteRoundTrip: { medianMs: trip.ms, mbPerS: trip.mbPerS, cpuMbPerS: trip.cpuMbPerS },
    rewrite: { medianMs: rewrite.ms, mbPerS: rewrite.mbPerS, cpuMbPerS: rewrite.cpuMbPerS, outputMB: round((rewrite.runs[0]?.bytesOut ?? 0) / MB) },
    rewriteVsPassThrough: { slowdown: round(rewrite.ms / reference.ms), throughputRatio: round(rewrite.mbPerS / reference.mbPerS, 4), cpuThroughputRatio: round(rewrite.cpuMbPerS / reference.cpuMbPerS, 4) },
    memory: {
      peakHeapUsedMB: { [`${size / MB}MB`]: round(Math.max(...rewrite.runs.map(r => r.peakHeapMB))), '5MB': round(smallPeak) },
      peakRssMB: round(Math.max(...rewrite.runs.map(r => r.peakRssMB)))
    },
    scriptLocation: script
  }
  console.log(`HTML rewriting, ${size / MB} MB page in ${CHUNK / 1024} KB chunks, median of ${RUNS} runs`)
  console.log(`  pass-through TransformStream  ${String(reference.mbPerS).padStart(8)} MB/s wall  ${String(reference.cpuMbPerS).padStart(8)} MB/s CPU  (${reference.ms} ms)`)
  console.log(`  bytes → binary string → bytes ${String(trip.mbPerS).padStart(8)} MB/s wall  ${String(trip.cpuMbPerS).padStart(8)} MB/s CPU  (${trip.ms} ms)`)
  console.log(`  rewriting                     ${String(rewrite.mbPerS).padStart(8)} MB/s wall  ${String(rewrite.cpuMbPerS).padStart(8)} MB/s CPU  (${rewrite.ms} ms)  = ${result.rewriteVsPassThrough.throughputRatio}× pass-through (CPU ${result.rewriteVsPassThrough.cpuThroughputRatio}×)`)
  console.log(`  peak heap used while rewriting: ${result.memory.peakHeapUsedMB[`${size / MB}MB`]} MB for ${size / MB} MB, ${result.memory.peakHeapUsedMB['5MB']} MB for 5 MB; peak RSS ${result.memory.peakRssMB} MB`)
  console.log(`script \`location\` rewriting, ${script.mb} MB: ${script.lexerCpuMbPerS} MB/s CPU; plain regex replace ${script.regexCpuMbPerS} MB/s CPU (lexer = ${script.ratio}× the regex)`)
  const out = join(dirname(fileURLToPath(import.meta.url)), '..', 'results', 'rewrite.json')
  await mkdir(dirname(out), { recursive: true })
  await writeFile(out, JSON.stringify(result, null, 2) + '\n')
  console.log(`wrote ${out}`)
}

await main()
