/**
 * bench/serve: `iparo serve` under load. 50 concurrent clients replay random mementos (exact URI-Ms)
 * of the 2008 Internet Archive crawl fixture for 30 s, next to the reference measured in the same run
 * against the same process: the same response bodies served as static files (the node's app route).
 *
 *   npx tsx bench/serve/run.ts [--seconds 30] [--clients 50]
 *
 * Prints requests/s, p50/p99 latency, errors, the server's CPU time per request and its RSS over time, and writes
 * bench/results/serve.json.
 */
import '../../src/node/polyfills.ts'
import { spawn } from 'node:child_process'
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises'
import { cpus, tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { ArchiveReader } from '../../src/core/archive/archive-reader.ts'
import { toDigits } from '../../src/core/datetime.ts'
import { ArchiveRegistry } from '../../src/node/archive-registry.ts'
import { openEmbeddedStore } from '../../src/node/embedded-store.ts'
import { load as loadOf, sampleRss, type Target } from './load.ts'

const ROOT = fileURLToPath(new URL('../..', import.meta.url))
const BIN = join(ROOT, 'bin/iparo.js')
const WARC = join(ROOT, '../shared/fixtures/ipwb/IAH-20080430204825-00000-blackbook.warc.gz')
const { values } = parseArgs({ options: { seconds: { type: 'string', default: '30' }, clients: { type: 'string', default: '50' } } })
const SECONDS = Number(values.seconds)
const CLIENTS = Number(values.clients)

function iparo (args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'inherit'] })
    let out = ''
    child.stdout.on('data', (d: Buffer) => { out += d.toString() })
    child.on('close', code => { if (code === 0) resolve(out); else reject(new Error(`iparo ${args[0] ?? ''} exited ${String(code)}`)) })
  })
}

/** Every memento of the archive as an exact URI-M path, listed from the archive itself. */
async function mementoPaths (data: string): Promise<string[]> {
  const store = await openEmbeddedStore(data)
  try {
    const { rootCid } = await new ArchiveRegistry(store).resolve('ia')
    const reader = await ArchiveReader.open(store.blocks, rootCid)
    const paths: string[] = []
    for await (const [, entry] of reader.urls.range()) {
      for (const m of (await reader.timemap(entry)).mementos) paths.push(`/ia/${toDigits(m.datetime)}/${entry.url}`)
    }
    return paths
  } finally {
    await store.close()
  }
}

async function main (): Promise<void> {
  const work = await mkdtemp(join(tmpdir(), 'iparo-bench-serve-'))
  const data = join(work, 'data')
  await iparo(['ingest', WARC, '--archive', 'ia', '--data', data])
  const paths = await mementoPaths(data)

  // Warm-up pass, one request each: the expected status per URI-M, and the bodies for the static reference.
  const staticDir = join(work, 'static')
  await mkdir(join(staticDir, 'm'), { recursive: true })
  await writeFile(join(staticDir, 'index.html'), '<!doctype html>')
  const server = spawn(process.execPath, [BIN, 'serve', '--port', '0', '--offline', '--data', data, '--app', staticDir], { stdio: ['ignore', 'pipe', 'inherit'] })
  const first = await new Promise<string>(resolve => createInterface({ input: server.stdout }).once('line', resolve))
  const base = (/^iparo serving (\S+)\/$/.exec(first)?.[1]) ?? ''
  const replay: Target[] = []
  const bodies: Uint8Array[] = []
  for (const path of paths) {
    const r = await fetch(base + path, { redirect: 'manual' })
    bodies.push(new Uint8Array(await r.arrayBuffer()))
    replay.push({ path, status: r.status })
  }
  await Promise.all(bodies.map((b, i) => writeFile(join(staticDir, 'm', `${i}.bin`), b)))
  server.kill('SIGTERM')
  await new Promise(resolve => server.once('exit', resolve))

  // A fresh server, so it lists the static files; both runs hit this one process.
  const node = spawn(process.execPath, [BIN, 'serve', '--port', '0', '--offline', '--data', data, '--app', staticDir], { stdio: ['ignore', 'pipe', 'inherit'] })
  const line = await new Promise<string>(resolve => createInterface({ input: node.stdout }).once('line', resolve))
  const url = (/^iparo serving (\S+)\/$/.exec(line)?.[1]) ?? ''
  const pid = node.pid ?? 0
  const sampler = sampleRss(pid)
  const rss = sampler.samples
  const load = (base: string, targets: Target[], seconds: number, server: number): ReturnType<typeof loadOf> => loadOf(base, targets, seconds, server, CLIENTS)
  const staticTargets = bodies.map((_, i) => ({ path: `/m/${i}.bin`, status: 200 }))
  await load(url, staticTargets, 2, pid) // warm both paths of the process before measuring
  await load(url, replay, 2, pid)
  const staticRun = await load(url, staticTargets, SECONDS, pid)
  const replayRun = await load(url, replay, SECONDS, pid)
  sampler.stop()
  node.kill('SIGTERM')

  const replayRss = rss.filter(s => s.t >= SECONDS + 4)
  const result = {
    machine: { node: process.version, cpus: cpus().length },
    input: { warc: 'ipwb/IAH-20080430204825-00000-blackbook.warc.gz', mementos: paths.length, bodyBytes: bodies.reduce((n, b) => n + b.byteLength, 0) },
    clients: CLIENTS,
    seconds: SECONDS,
    static: staticRun,
    replay: replayRun,
    ratios: { requestsPerSecond: Math.round(replayRun.requestsPerSecond / staticRun.requestsPerSecond * 100) / 100, p50: Math.round(replayRun.p50ms / staticRun.p50ms * 100) / 100, p99: Math.round(replayRun.p99ms / staticRun.p99ms * 100) / 100, serverCpuPerRequest: Math.round(staticRun.serverCpuUsPerRequest / replayRun.serverCpuUsPerRequest * 100) / 100 },
    rssMB: { samples: rss, replayFirst: replayRss[0]?.mb, replayLast: replayRss[replayRss.length - 1]?.mb, max: Math.max(...rss.map(s => s.mb)) }
  }
  const out = join(ROOT, 'bench/results/serve.json')
  await mkdir(dirname(out), { recursive: true })
  await writeFile(out, JSON.stringify(result, null, 2) + '\n')
  console.log(`bench/serve: ${paths.length} mementos, ${CLIENTS} clients, ${SECONDS} s each, one iparo serve process`)
  console.log('                     req/s     p50 ms   p99 ms   errors   server CPU µs/req')
  for (const [name, r] of [['static files (ref)', staticRun], ['memento replay', replayRun]] as const) {
    console.log(`${name.padEnd(20)} ${String(r.requestsPerSecond).padStart(6)} ${String(r.p50ms).padStart(10)} ${String(r.p99ms).padStart(8)} ${String(r.errors).padStart(8)} ${String(r.serverCpuUsPerRequest).padStart(19)}`)
  }
  console.log(`replay / static: ${result.ratios.requestsPerSecond}× req/s, ${result.ratios.p50}× p50, ${result.ratios.p99}× p99, ${result.ratios.serverCpuPerRequest}× server CPU per request (static ÷ replay)`)
  console.log(`server RSS during replay: ${String(result.rssMB.replayFirst)} → ${String(result.rssMB.replayLast)} MB (max ${result.rssMB.max} MB)`)
  console.log(`wrote ${out}`)
}

await main()
