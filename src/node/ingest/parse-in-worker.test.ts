import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { gzipSync } from 'node:zlib'
import { build } from 'esbuild'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { allWarcFixtures, manifest } from '../../core/archive/archive-test-support.ts'
import { ingestIntoArchive, type IngestSource } from '../../core/archive/ingest-into-archive.ts'
import { MemoryBlockStore } from '../../core/blocks.ts'
import { fixtureUrl } from '../../core/warc/fixtures.test-support.ts'
import { nodeHashers } from '../node-hashers.ts'
import { WarcParseWorker } from './parse-in-worker.ts'
import { warcFileItems } from './warc-file-items.ts'

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

/** The one-thread ingest of a file, as the CLI runs it without a worker (ingest-sources.ts). */
const inThread = (path: string, name: string, keepSecrets = false): IngestSource => ({ name, items: (sink) => warcFileItems(path, { file: name, sink, hashers: nodeHashers, keepSecrets }) })

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
      expect(await ingest(names, viaWorker, true)).toEqual(await ingest(names, (path, name) => inThread(path, name, true), true))
    } finally {
      await parser.close()
    }
  })

  it('reads on past a damaged gzip member as the one-thread ingest does (the same file reader)', async () => {
    // 5mementos.warc gzipped per record, the fifth member's CRC wrong: the other seven records are ingested
    const warc = readFileSync(fixtureUrl('ipwb/5mementos.warc'))
    const starts = [...warc.toString('latin1').matchAll(/(?:^|\n)WARC\/1\.0/g)].map(m => m.index + (m[0].startsWith('\n') ? 1 : 0))
    const members = starts.map((s, i) => gzipSync(warc.subarray(s, starts[i + 1] ?? warc.length)))
    const bad = members[4] as Buffer
    bad[bad.length - 8] = (bad[bad.length - 8] ?? 0) ^ 0xff
    const path = join(dir, 'damaged.warc.gz')
    writeFileSync(path, Buffer.concat(members))
    const parser = new WarcParseWorker(false, script)
    try {
      const viaWorker = await ingest(['damaged'], () => ({ name: 'damaged.warc.gz', items: (sink) => parser.parse(path, 'damaged.warc.gz').items(sink) }))
      expect(viaWorker).toEqual(await ingest(['damaged'], () => inThread(path, 'damaged.warc.gz')))
      expect(viaWorker.summary.records).toBe(members.length - 1)
      // reported at the damaged member's offset in the file
      const at = members.slice(0, 4).reduce((n, m) => n + m.length, 0)
      expect(viaWorker.summary.errors).toMatchObject([{ file: 'damaged.warc.gz', code: 'gzip-damaged', offset: at }])
    } finally {
      await parser.close()
    }
  })

  it('reads an ARC (plain and gzipped) as the one-thread ingest does', async () => {
    const parser = new WarcParseWorker(false, script)
    try {
      for (const name of ['pywb/example.arc.gz', 'pywb/example.arc']) {
        const path = fixtureUrl(name).pathname
        const viaWorker = await ingest([name], () => ({ name, items: (sink) => parser.parse(path, name).items(sink) }))
        expect(viaWorker, name).toEqual(await ingest([name], () => inThread(path, name)))
        expect(viaWorker.summary).toMatchObject({ records: 2, mementos: 1, errors: [] })
      }
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
