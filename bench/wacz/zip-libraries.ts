/**
 * bench/wacz: the zip libraries WACZ ingest could use, reading every member of a ~1 GB zip64 (a
 * deflated text member and a stored random one, as WACZ members are), each in a fresh process,
 * against Info-ZIP's `unzip -p` (C) measured in the same run (docs/wacz.md, "Choice of zip library").
 *
 *   npm install --no-save yauzl fflate     # the candidates not in package.json (zip.js is)
 *   npm run bench:zip [-- --rounds 3]
 *
 * The zip is built once in bench/.cache/zip/ (needs the `zip` CLI). Writes bench/results/zip-libraries.json.
 */
import { execFileSync, spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'

const ROOT = fileURLToPath(new URL('../..', import.meta.url))
const DIR = `${ROOT}bench/.cache/zip`
const ZIP = `${DIR}/big.zip`
const { values } = parseArgs({ options: { rounds: { type: 'string', default: '2' } } })
const ROUNDS = Math.max(1, Number(values.rounds))
const LIBRARIES = ['zipjs', 'yauzl', 'fflate']

interface Run { lib: string, seconds: number, peakRssMB: number, bytes: number, sha256: string }

function buildZip (): void {
  if (existsSync(ZIP)) return
  mkdirSync(`${DIR}/big`, { recursive: true })
  execFileSync('sh', ['-c', 'head -c 450000000 /dev/urandom | base64 -w 76 > big/archive-text.warc && head -c 400000000 /dev/urandom > big/archive-rand.warc && zip -q -fz big.zip big/archive-text.warc && zip -q -0 -fz big.zip big/archive-rand.warc && rm -r big'], { cwd: DIR })
}

/** The reference: Info-ZIP inflating every member to a pipe, hashed here as the libraries hash theirs. */
function unzipReference (): Run {
  const t0 = performance.now()
  const out = spawnSync('unzip', ['-p', ZIP], { maxBuffer: 2 ** 31 - 1, encoding: 'buffer' })
  const seconds = (performance.now() - t0) / 1000
  return { lib: 'unzip -p (reference)', seconds, peakRssMB: NaN, bytes: out.stdout.length, sha256: createHash('sha256').update(out.stdout).digest('hex') }
}

function library (lib: string): Run | undefined {
  const out = spawnSync(process.execPath, [`${ROOT}bench/wacz/read-zip.mjs`, lib, ZIP], { cwd: ROOT, encoding: 'utf8' })
  if (out.status !== 0) {
    console.log(`${lib}: not measured (${out.stderr.split('\n').find(l => l.includes('Cannot find')) ?? out.stderr.slice(0, 200)}); npm install --no-save yauzl fflate`)
    return undefined
  }
  return JSON.parse(out.stdout) as Run
}

buildZip()
const runs: Run[] = []
for (let round = 0; round < ROUNDS; round++) {
  runs.push(unzipReference())
  for (const lib of LIBRARIES) {
    const run = library(lib)
    if (run != null) runs.push(run)
  }
}
const best = (lib: string): Run | undefined => runs.filter(r => r.lib === lib).sort((a, b) => a.seconds - b.seconds)[0]
const reference = best('unzip -p (reference)')
console.log('| reader | best s | MB/s | × unzip -p | peak RSS MB | same bytes |')
console.log('|---|---|---|---|---|---|')
for (const lib of ['unzip -p (reference)', ...LIBRARIES]) {
  const r = best(lib)
  if (r == null || reference == null) continue
  console.log(`| ${lib} | ${r.seconds.toFixed(2)} | ${(r.bytes / 1e6 / r.seconds).toFixed(0)} | ${(r.seconds / reference.seconds).toFixed(2)} | ${Number.isNaN(r.peakRssMB) ? '–' : r.peakRssMB.toFixed(0)} | ${r.sha256 === reference.sha256 ? 'yes' : 'NO'} |`)
}
writeFileSync(`${ROOT}bench/results/zip-libraries.json`, JSON.stringify({ zip: ZIP, rounds: ROUNDS, runs }, null, 2) + '\n')
