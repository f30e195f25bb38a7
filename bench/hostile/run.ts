/**
 * The hostile-pages harness (issue 16): a real `iparo serve`, an archive of hostile pages (one per
 * technique, bench/hostile/attacks-*.ts) made for an "outside" listener on 127.0.0.2, Chromium replaying
 * each page in the app, then the pass criteria (bench/hostile/verdict.ts). Prints a table and writes
 * bench/results/hostile.json. `npx tsx bench/hostile/run.ts [technique …]` (all when none named).
 */
import '../../src/node/polyfills.ts'
import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { ensureAppBuilt } from '../../src/node/app-build.ts'
import { hostileRun } from './hostile-run.ts'
import { table } from './verdict.ts'

const ROOT = fileURLToPath(new URL('../..', import.meta.url))

async function main (): Promise<void> {
  const ids = process.argv.slice(2)
  await ensureAppBuilt(ROOT, line => { console.log(line) })
  const started = Date.now()
  const result = await hostileRun(ids.length > 0 ? ids : undefined, line => { console.log(line) })
  console.log(`\n${table(result.techniques, result.checks)}\n(${((Date.now() - started) / 1000).toFixed(0)} s)`)
  await mkdir(join(ROOT, 'bench/results'), { recursive: true })
  await writeFile(join(ROOT, 'bench/results/hostile.json'), JSON.stringify({ date: new Date().toISOString(), ...result }, null, 2) + '\n')
  process.exitCode = result.passed ? 0 : 1
}

await main()
