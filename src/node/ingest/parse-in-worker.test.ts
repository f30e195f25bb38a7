import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { build } from 'esbuild'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { allWarcFixtures, manifest } from '../../core/archive/archive-test-support.ts'
import { ingestIntoArchive, type IngestSource } from '../../core/archive/ingest-into-archive.ts'
import { MemoryBlockStore } from '../../core/blocks.ts'
import { fixtureUrl } from '../../core/warc/fixtures.test-support.ts'
import { nodeHashers } from '../node-hashers.ts'
import { openWarcFile } from '../warc-file-source.ts'
import { WarcParseWorker } from './parse-in-worker.ts'

// The worker runs from a bundle, as under the CLI (bin/iparo.js builds the same entry point).
let dir: string
let script: URL
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'iparo-worker-'))
  await build({ entryPoints: [new URL('./warc-parse-worker.ts', import.meta.url).pathname], bundle: true, platform: 'node', format: 'esm', outfile: join(dir, 'worker.mjs'), logLevel: 'silent' })
  script = pathToFileURL(join(dir, 'worker.mjs'))
})
afterAll(() => { rmSync(dir, { recursive: true, force: true }) })

async function ingest (names: string[], sources: (path: string, name: string) => IngestSource, keepSecrets = false) {
  const store = new MemoryBlockStore()
  const result = await ingestIntoArchive({
    store, from: { manifest }, hashers: nodeHashers, keepSecrets, now: () => Date.UTC(2026, 0, 1),
    sources: names.map(name => sources(fixtureUrl(name).pathname, name))
  })
  return { summary: result.summary, root: result.rootCid.toString(), blocks: [...store.blocks.keys()].sort() }
}

const inThread = (path: string, name: string): IngestSource => ({ name, open: async () => (await openWarcFile(path)).chunks })

describe('ingest with a parsing worker', () => {
  it('gives every fixture the same archive, summary and blocks as the one-thread ingest (both at once too)', async () => {
    const parser = new WarcParseWorker(false, script)
    try {
      const viaWorker = (path: string, name: string): IngestSource => ({ name, items: (sink) => parser.parse(path, name).items(sink) })
      for (const name of allWarcFixtures()) {
        expect(await ingest([name], viaWorker), name).toEqual(await ingest([name], inThread))
      }
      // one worker, several files in one run (revisits across files, dedup across files)
      const all = allWarcFixtures()
      expect(await ingest(all, viaWorker)).toEqual(await ingest(all, inThread))
    } finally {
      await parser.close()
    }
  })

  it('keeps secrets only when asked, as the one-thread ingest does', async () => {
    const parser = new WarcParseWorker(true, script)
    try {
      const viaWorker = (path: string, name: string): IngestSource => ({ name, items: (sink) => parser.parse(path, name).items(sink) })
      const names = ['pywb/post-test.warc.gz', 'ipwb/sample-1.warc.gz']
      expect(await ingest(names, viaWorker, true)).toEqual(await ingest(names, inThread, true))
    } finally {
      await parser.close()
    }
  })

  it('reports a file it cannot read as an error of that file', async () => {
    const parser = new WarcParseWorker(false, script)
    try {
      const missing = join(dir, 'missing.warc')
      await expect(ingest(['x'], () => ({ name: 'missing.warc', items: (sink) => parser.parse(missing, 'missing.warc').items(sink) }))).rejects.toThrow(/missing\.warc: .*ENOENT/)
    } finally {
      await parser.close()
    }
  })
})
