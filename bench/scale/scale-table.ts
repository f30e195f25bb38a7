import type { LookupsResult } from './measure-lookups.ts'
import type { ServeResult } from './measure-serve.ts'
import type { Summary } from './targets.ts'

interface ScaleResult {
  archive: { mementos: number, urls: number, storedBytes: number, build: { minutes: number, runs: number, peakRssMB: number } }
  lookups: LookupsResult
  serve: ServeResult
}

function table (rows: string[][]): string {
  const width = rows.reduce((w, r) => r.map((c, i) => Math.max(w[i] ?? 0, c.length)), [] as number[])
  return rows.map(r => r.map((c, i) => i === 0 ? c.padEnd(width[i] ?? 0) : c.padStart(width[i] ?? 0)).join('  ')).join('\n')
}

const mark = (ok: boolean): string => ok ? 'met' : 'NOT met'
const ms = (s: Summary): string => `${Math.round(s.p50)} / ${Math.round(s.worst)}`

export function printScaleTable (r: ScaleResult): void {
  const { cli, blocks } = r.lookups
  const s = r.serve
  console.log('')
  console.log(`archive: ${r.archive.mementos.toLocaleString('en-US')} mementos, ${r.archive.urls.toLocaleString('en-US')} URLs; built in ${r.archive.build.minutes} min (${r.archive.build.runs} runs, peak RSS ${r.archive.build.peakRssMB} MB); packs ${Math.round(r.archive.storedBytes / 1e6).toLocaleString('en-US')} MB`)
  console.log(`store opened in ${blocks.storeOpenSeconds.toFixed(1)} s; URL map height ${blocks.urlMapHeight}`)
  console.log('')
  console.log(table([
    ['query', 'n', 'fetches mean', 'worst', 'target', '', 'ms p50 / worst', 'wrong'],
    ['iparo resolve --at (CLI)', `${cli.closest.queries}`, `${cli.closest.fetches.mean}`, `${cli.closest.fetches.worst}`, `≤ ${cli.closest.target.worst}, mean ≤ ${String(cli.closest.target.mean)}`, mark(cli.closest.fetches.worst <= cli.closest.target.worst && cli.closest.fetches.mean <= (cli.closest.target.mean ?? Infinity)), ms(cli.closest.ms), `${cli.closest.wrong}`],
    ['iparo resolve, latest (CLI)', `${cli.latest.queries}`, `${cli.latest.fetches.mean}`, `${cli.latest.fetches.worst}`, `≤ ${cli.latest.target.worst}`, mark(cli.latest.fetches.worst <= cli.latest.target.worst), ms(cli.latest.ms), `${cli.latest.wrong}`],
    ['iparo timemap (CLI)', `${cli.timemap.queries}`, `${cli.timemap.fetches.mean}`, `${cli.timemap.fetches.worst}`, `≤ ${cli.timemap.target.worst}`, mark(cli.timemap.fetches.worst <= cli.timemap.target.worst), ms(cli.timemap.ms), `${cli.timemap.wrong}`],
    ['closest, blocks after the URL map', `${blocks.closest.queries}`, `${blocks.closest.blocks.mean}`, `${blocks.closest.blocks.worst}`, `≤ ${blocks.closest.target}`, mark(blocks.closest.blocks.worst <= blocks.closest.target), ms(blocks.closest.ms), `${String(blocks.closest.wrong)}`],
    ['TimeMap, blocks after the URL map', `${blocks.timemap.queries}`, `${blocks.timemap.blocks.mean}`, `${blocks.timemap.blocks.worst}`, `≤ ${blocks.timemap.target}`, mark(blocks.timemap.blocks.worst <= blocks.timemap.target), ms(blocks.timemap.ms), `${String(blocks.timemap.wrong)}`],
    ['URL-map lookup (blocks)', `${blocks.lookup.queries}`, `${blocks.lookup.blocks.mean}`, `${blocks.lookup.blocks.worst}`, `≤ ${blocks.lookup.target}`, mark(blocks.lookup.blocks.worst <= blocks.lookup.target), ms(blocks.lookup.ms), `${String(blocks.lookup.wrong)}`],
    ['page window of 100, by offset', `${blocks.window.queries}`, `${blocks.window.blocks.mean}`, `${blocks.window.blocks.worst}`, `≤ ${blocks.window.target}`, mark(blocks.window.blocks.worst <= blocks.window.target), ms(blocks.window.ms), `${String(blocks.window.wrong)}`],
    ['page window of 100, by host', `${blocks.hostWindow.queries}`, `${blocks.hostWindow.blocks.mean}`, `${blocks.hostWindow.blocks.worst}`, `≤ ${blocks.hostWindow.target}`, mark(blocks.hostWindow.blocks.worst <= blocks.hostWindow.target), ms(blocks.hostWindow.ms), `${String(blocks.hostWindow.wrong)}`]
  ]))
  console.log('(CLI: a fresh process per query, its ms include opening the store; its `fetches` count IPARO headers and TimeMap segments, not version-index nodes.')
  console.log(' In-process rows: a fresh reader per query over a block counter, every block counted but the archive root; ms in this process.)')
  console.log('')
  console.log(`iparo serve: listening after ${s.startSeconds.toFixed(1)} s; ${s.clients} clients, ${s.seconds} s each`)
  console.log(table([
    ['load', 'req/s', 'p50 ms', 'p99 ms', 'errors', 'server CPU µs/req', 'p99 < ' + String(s.targets.p99ms) + ' ms'],
    ...([['exact URI-Ms', s.mementos], ['TimeGate', s.timegate]] as const).map(([name, l]) => [name, `${l.requestsPerSecond}`, `${l.p50ms}`, `${l.p99ms}`, `${l.errors}`, `${l.serverCpuUsPerRequest}`, mark(l.p99ms < s.targets.p99ms)]),
    ['page windows, one at a time', '-', `${s.pageWindows.ms.p50}`, `${s.pageWindows.ms.p99}`, `${s.pageWindows.errors}`, '-', '-']
  ]))
  console.log(`server RSS: ${String(s.rssMB.afterStart)} MB after start and warm-up, ${String(s.rssMB.last)} MB at the end, max ${s.rssMB.max} MB (target < ${s.targets.rssMB}: ${mark(s.rssMB.max < s.targets.rssMB)})`)
}
