/**
 * bench/reliability: writers that never lose work (issue 16).
 *
 *   npx tsx bench/reliability/run.ts [--ingest-kills 50] [--publish-kills 20] [--rounds 20] [--seed 16]
 *
 * (a) kill -9 at a random point of `iparo ingest` (of a fresh archive: creation, ingest, publish) and of
 *     `iparo archive publish`, half the time the launcher alone (its re-run child must follow it), half
 *     the launcher and child together. Then: the store opens, the IPNS record names a complete root,
 *     the same command re-run exits 0, and the archive holds exactly the versions of a clean ingest.
 * (b) two writers at once × rounds: two ingests of different crawls into an existing archive, two
 *     into an archive neither has created, two `archive create` of one name.
 *
 * Prints the tables and writes bench/results/reliability.json.
 */
import '../../src/node/polyfills.ts'
import { mkdir, rm, writeFile } from 'node:fs/promises'
import { availableParallelism } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { cleanReference, killDuringIngest, killDuringPublish, publishTemplate, type KillRun } from './kill-scenarios.ts'
import { FIXTURES, ROOT } from './iparo-cli.ts'
import { killRow, markdown, raceRow } from './summary-table.ts'
import { raceReference, seededTemplate, twoCreators, twoWriters, type RaceRound } from './writer-races.ts'

const { values } = parseArgs({
  options: {
    'ingest-kills': { type: 'string', default: '50' },
    'publish-kills': { type: 'string', default: '20' },
    rounds: { type: 'string', default: '20' },
    seed: { type: 'string', default: '16' }
  }
})

/** Random kill points, the same ones for the same seed. */
function seeded (seed: number): () => number {
  let s = seed >>> 0
  return () => { s = (s * 1664525 + 1013904223) >>> 0; return s / 2 ** 32 }
}

export const INGEST_FILES = [join(FIXTURES, 'pywb/iana.warc.gz'), join(FIXTURES, 'ipwb/IAH-20080430204825-00000-blackbook.warc.gz')]
export const SEED_FILES = [join(FIXTURES, 'ipwb/5mementos.warc')]

function progress (label: string, i: number, n: number, failed: boolean): void {
  process.stderr.write(`\r${label} ${i + 1}/${n}${failed ? ' (a failure)' : ''}   ${i + 1 === n ? '\n' : ''}`)
}

async function kills (random: () => number): Promise<{ ingest: KillRun[], publish: KillRun[] }> {
  const reference = await cleanReference(INGEST_FILES)
  const ingest: KillRun[] = []
  const n = Number(values['ingest-kills'])
  for (let i = 0; i < n; i++) {
    const run = await killDuringIngest(reference, random, i % 2 === 0 ? 'parent' : 'group')
    ingest.push(run)
    progress('kill -9 during ingest', i, n, run.lost + run.extra > 0 || run.rerunCode !== 0)
  }
  const template = await publishTemplate(reference)
  const publish: KillRun[] = []
  const m = Number(values['publish-kills'])
  for (let i = 0; i < m; i++) {
    const run = await killDuringPublish(reference, template, random, i % 2 === 0 ? 'parent' : 'group')
    publish.push(run)
    progress('kill -9 during publish', i, m, run.lost + run.extra > 0 || run.rerunCode !== 0)
  }
  await rm(template.dir, { recursive: true, force: true })
  return { ingest, publish }
}

async function races (): Promise<{ existing: RaceRound[], create: RaceRound[], creators: RaceRound[] }> {
  const [a, b] = INGEST_FILES.map(f => [f])
  if (a == null || b == null) throw new Error('two fixture files expected')
  const expectedExisting = await raceReference(SEED_FILES, a, b)
  const expectedCreate = await raceReference([], a, b)
  const template = await seededTemplate(SEED_FILES)
  const n = Number(values.rounds)
  const existing: RaceRound[] = []
  const create: RaceRound[] = []
  const creators: RaceRound[] = []
  for (let i = 0; i < n; i++) {
    existing.push(await twoWriters(expectedExisting, a, b, template))
    create.push(await twoWriters(expectedCreate, a, b))
    creators.push(await twoCreators())
    const last = [existing.at(-1), create.at(-1), creators.at(-1)]
    progress('two writers', i, n, last.some(r => r != null && (r.lost + r.extra + r.unclear > 0)))
  }
  await rm(template, { recursive: true, force: true })
  return { existing, create, creators }
}

const started = Date.now()
const random = seeded(Number(values.seed))
const killed = await kills(random)
const raced = await races()
const killRows = [killRow('`iparo ingest` (new archive: create, ingest, publish)', killed.ingest), killRow('`iparo archive publish`', killed.publish)]
const raceRows = [
  raceRow('two `iparo ingest` into an existing archive', raced.existing),
  raceRow('two `iparo ingest` racing to create the archive', raced.create),
  raceRow('two `iparo archive create` of one name', raced.creators)
]
const table = markdown(killRows, raceRows)
process.stdout.write('\n' + table)
const result = {
  date: new Date().toISOString(),
  cores: availableParallelism(),
  node: process.version,
  seconds: Math.round((Date.now() - started) / 1000),
  seed: Number(values.seed),
  files: INGEST_FILES.map(f => f.slice(f.indexOf('fixtures/'))),
  kills: killRows,
  races: raceRows,
  runs: { ...killed, ...raced }
}
await mkdir(join(ROOT, 'bench/results'), { recursive: true })
await writeFile(join(ROOT, 'bench/results/reliability.json'), JSON.stringify(result, null, 2) + '\n')
process.stdout.write(`wrote bench/results/reliability.json (${result.seconds} s)\n`)
