/**
 * Builds (or resumes) the scale bench's archive only: what to run in the background for the big one.
 *
 *   nice -n 10 npx tsx bench/scale/build.ts --mementos 10000000 --urls 1000000 [--run-size 500000]
 *
 * The pack store of today keeps an index of every block in the heap: past a few million mementos give
 * Node a larger heap (NODE_OPTIONS=--max-old-space-size=…). With --expose-gc the per-run heap figures
 * are measured after a collection.
 */
import '../../src/node/polyfills.ts'
import { mkdir } from 'node:fs/promises'
import { parseArgs } from 'node:util'
import { buildScaleArchive } from './build-archive.ts'
import { scaleArchiveFlags, scaleArchiveOptions } from './scale-options.ts'

const { values } = parseArgs({ options: scaleArchiveFlags })
const { crawl, runSize, dir, minFreeGB } = scaleArchiveOptions(values)
await mkdir(dir, { recursive: true })
console.log(`${new Date().toISOString()} building ${crawl.mementos.toLocaleString('en-US')} mementos over ${crawl.urls.toLocaleString('en-US')} URLs (${crawl.hosts.toLocaleString('en-US')} hosts) in runs of ${runSize.toLocaleString('en-US')}, in ${dir}`)
const state = await buildScaleArchive(dir, crawl, runSize, line => { console.log(`${new Date().toISOString()} ${line}`) }, { minFreeGB })
console.log(`${new Date().toISOString()} ${state.complete ? 'complete' : 'stopped'}: ${state.done.toLocaleString('en-US')} mementos in ${(state.seconds / 60).toFixed(1)} min of runs (${state.runs.length} runs)`)
