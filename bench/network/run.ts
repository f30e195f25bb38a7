/**
 * bench/network (issue 15): an archive leaving this machine, measured on loopback.
 *
 *   npx tsx bench/network/run.ts [--rounds 3] [--iparos 100000] [--sample 2000]
 *
 * 1. Replication of the 2008 Internet Archive crawl fixture archive from node A to a fresh node C by
 *    `iparo pin` (C fetches every block over Bitswap), next to `iparo export --car` + `iparo import` of
 *    the same archive in the same run, rounds interleaved; and Bitswap alone, in one process.
 * 2. Time to announce an archive of N synthetic IPAROs in the DHT under the default strategy (roots), and
 *    every block measured on a sample (a LAN DHT of 3 nodes on loopback: real libp2p, no latency).
 * 3. Cold replay of one page in a fresh browser through C after A stopped, next to the same page served
 *    by A directly (time to the frame's first byte and to its load).
 *
 * Prints a table and writes bench/results/network.json.
 */
import '../../src/node/polyfills.ts'
import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { FIXTURES, fresh, iparo, json, serve } from '../../e2e/support/iparo-process.ts'
import { ensureAppBuilt } from '../../src/node/app-build.ts'
import { spread, type Spread } from '../replay/spread.ts'
import { announceSynthetic } from './announce.ts'
import { coldVisit } from './replay-through.ts'
import { bitswapInProcess, carRoundTrip, dagSize, LOOPBACK, pinToFreshNode } from './replicate.ts'

const ROOT = fileURLToPath(new URL('../..', import.meta.url))
const { values } = parseArgs({ options: { rounds: { type: 'string', default: '3' }, iparos: { type: 'string', default: '100000' }, sample: { type: 'string', default: '2000' } } })
const ROUNDS = Number(values.rounds)
const WARC = `${FIXTURES}ipwb/IAH-20080430204825-00000-blackbook.warc.gz`
const PAGE = { name: 'home', url: 'http://www.iana.org/', datetime: '20140126200624' }

const mbps = (bytes: number, ms: number): number => Math.round(bytes / 1e6 / (ms / 1000) * 100) / 100
const round2 = (x: number): number => Math.round(x * 100) / 100

async function replication (): Promise<Record<string, unknown>> {
  const dataA = fresh()
  const ingest = await iparo(['ingest', WARC, '--archive', 'ia', '--data', dataA, '--json'])
  if (ingest.code !== 0) throw new Error(ingest.stderr)
  const root = String(json(await iparo(['archive', 'info', 'ia', '--json', '--data', dataA])).root)
  const dag = await dagSize(dataA, root)
  const pin: number[] = []
  const car: number[] = []
  const bitswap: number[] = []
  let carBytes = 0
  const a = await serve(dataA, [...LOOPBACK, '--bootstrap', 'none'])
  try {
    for (let i = 0; i < ROUNDS; i++) {
      pin.push(await pinToFreshNode(a, dataA, 'ia'))
      const trip = await carRoundTrip(dataA, 'ia')
      car.push(trip.ms)
      carBytes = trip.carBytes
    }
  } finally {
    await a.stop()
  }
  for (let i = 0; i < ROUNDS; i++) bitswap.push(await bitswapInProcess(dataA, root))
  const s = { pin: spread(pin), car: spread(car), bitswap: spread(bitswap) }
  return {
    dag,
    carBytes,
    ms: s,
    mbPerSecond: { pin: mbps(dag.bytes, s.pin.p50), car: mbps(dag.bytes, s.car.p50), bitswapInProcess: mbps(dag.bytes, s.bitswap.p50) },
    ratio: { pinOverCar: round2(s.pin.p50 / s.car.p50), bitswapOverCar: round2(s.bitswap.p50 / s.car.p50) }
  }
}

async function replay (): Promise<Record<string, unknown>> {
  await ensureAppBuilt(ROOT, () => {})
  const dataA = fresh()
  if ((await iparo(['ingest', `${FIXTURES}pywb/iana.warc.gz`, '--archive', 'iana', '--data', dataA])).code !== 0) throw new Error('ingest failed')
  const ipns = String(json(await iparo(['archive', 'info', 'iana', '--json', '--data', dataA])).ipns)
  const a = await serve(dataA, [...LOOPBACK, '--bootstrap', 'none'])
  const direct: Array<Awaited<ReturnType<typeof coldVisit>>> = []
  for (let i = 0; i < ROUNDS; i++) direct.push(await coldVisit(a.replayUrl, ipns, PAGE))
  const dataC = fresh()
  const c = await serve(dataC, [...LOOPBACK, '--bootstrap', a.libp2p[0] ?? ''])
  const through: typeof direct = []
  try {
    const token = String(json(await iparo(['token', 'create', '--json', '--data', dataC])).token)
    const pinned = await iparo(['pin', 'iana', '--service', `${c.url}pinning`, '--token', token, '--data', dataA])
    if (pinned.code !== 0) throw new Error(pinned.stderr)
    await a.stop()
    for (let i = 0; i < ROUNDS; i++) through.push(await coldVisit(c.replayUrl, ipns, PAGE))
  } finally {
    await a.stop()
    await c.stop()
  }
  const pick = (list: typeof direct, key: 'frameTtfbMs' | 'frameLoadMs' | 'loadMs'): Spread => spread(list.map(t => t[key]))
  const r = { direct: { ttfb: pick(direct, 'frameTtfbMs'), frameLoad: pick(direct, 'frameLoadMs'), load: pick(direct, 'loadMs') }, throughC: { ttfb: pick(through, 'frameTtfbMs'), frameLoad: pick(through, 'frameLoadMs'), load: pick(through, 'loadMs') } }
  return { page: PAGE, ...r, ratio: { ttfb: round2(r.throughC.ttfb.p50 / r.direct.ttfb.p50), load: round2(r.throughC.load.p50 / r.direct.load.p50) } }
}

const results: Record<string, unknown> = { date: new Date().toISOString(), rounds: ROUNDS, note: 'loopback only: replication and replay through real libp2p and HTTP on 127.0.0.1; announce on a 3-node LAN DHT (a simulator of the public DHT: no latency, few peers)' }
results.replication = await replication()
console.log('replication', JSON.stringify(results.replication, null, 1))
results.announce = await announceSynthetic(Number(values.iparos), 2, Number(values.sample))
console.log('announce', JSON.stringify(results.announce, null, 1))
results.replay = await replay()
console.log('replay', JSON.stringify(results.replay, null, 1))
await mkdir(join(ROOT, 'bench/results'), { recursive: true })
await writeFile(join(ROOT, 'bench/results/network.json'), JSON.stringify(results, null, 2) + '\n')
const rep = results.replication as { mbPerSecond: Record<string, number>, ratio: Record<string, number> }
const ann = results.announce as { iparos: number, blocks: number, archives: { ms: number }, all: { perSecond: number, projectedAllMs: number } }
const rp = results.replay as { direct: { ttfb: Spread, load: Spread }, throughC: { ttfb: Spread, load: Spread }, ratio: Record<string, number> }
console.table({
  'replicate by pin (Bitswap, CLI end to end)': { value: `${rep.mbPerSecond.pin} MB/s`, ratio: `${rep.ratio.pinOverCar}× the CAR's time` },
  'replicate by CAR export + import': { value: `${rep.mbPerSecond.car} MB/s`, ratio: '1 (reference)' },
  'Bitswap fetch in one process': { value: `${rep.mbPerSecond.bitswapInProcess} MB/s`, ratio: `${rep.ratio.bitswapOverCar}× the CAR's time` },
  [`announce ${ann.iparos} IPAROs: roots`]: { value: `${Math.round(ann.archives.ms)} ms`, ratio: '' },
  [`announce every block (${ann.blocks})`]: { value: `${Math.round(ann.all.perSecond)} CIDs/s → ${Math.round(ann.all.projectedAllMs / 1000)} s`, ratio: '' },
  'cold replay via C: first byte': { value: `${Math.round(rp.throughC.ttfb.p50)} ms`, ratio: `${rp.ratio.ttfb}× A direct (${Math.round(rp.direct.ttfb.p50)} ms)` },
  'cold replay via C: load': { value: `${Math.round(rp.throughC.load.p50)} ms`, ratio: `${rp.ratio.load}× A direct (${Math.round(rp.direct.load.p50)} ms)` }
})
