import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openEmbeddedStore, type EmbeddedStore } from '../../embedded-store.ts'
import { startLocalNode, type LocalNode } from '../../serve/local-node.ts'
import { runCliCaptured } from '../run-cli.test-support.ts'
import { SAMPLE_PATH, sampleCaptures } from './sample-warc.test-support.ts'
import { SAMPLE, sampleUrls } from './start-command.ts'

interface IngestSummary { exitCode: number, mementos: number, warnings: unknown[], errors: unknown[], revisits: { resolved: number, unresolved: number } }

describe('the sample `npm start` ingests on first run', () => {
  const data = mkdtempSync(join(tmpdir(), 'iparo-start-sample-'))
  let summary: IngestSummary
  let store: EmbeddedStore
  let node: LocalNode
  let base: string
  beforeAll(async () => {
    // the same ingest as `start`'s first run, its summary as JSON
    const run = await runCliCaptured(['ingest', SAMPLE_PATH, '--archive', SAMPLE.archive, '--data', data, '--json'])
    expect(run.code, run.err).toBe(0)
    summary = JSON.parse(run.out) as IngestSummary
    store = await openEmbeddedStore(data)
    node = await startLocalNode({ store })
    base = `http://127.0.0.1:${node.port}/`
  })
  afterAll(async () => {
    await node.close()
    await store.close()
    rmSync(data, { recursive: true, force: true })
  })

  it('is ingested without a warning or an error, every revisit resolved', () => {
    expect(summary.warnings).toEqual([])
    expect(summary.errors).toEqual([])
    expect(summary.exitCode).toBe(0)
    expect(summary.revisits).toEqual(expect.objectContaining({ resolved: 6, unresolved: 0 }))
    expect(summary.mementos).toBe(sampleCaptures().length)
  })

  it('replays every page, stylesheet and image with id_ as archived, byte for byte', async () => {
    const captures = sampleCaptures()
    const kinds = new Set(captures.map(c => /\.(\w+)$/.exec(c.uri)?.[1] ?? 'page'))
    expect([...kinds].sort()).toEqual(['css', 'html', 'log', 'page', 'png', 'svg', 'txt'])
    for (const c of captures) {
      const r = await fetch(`${base}${SAMPLE.archive}/${c.datetime}id_/${c.uri}`)
      expect(r.status, c.uri).toBe(c.status)
      expect(r.headers.get('memento-datetime'), c.uri).not.toBeNull()
      expect(Buffer.from(await r.arrayBuffer()).equals(c.payload), `${c.type} ${c.uri} at ${c.datetime}`).toBe(true)
    }
  })

  it('prints URLs that answer: the latest home page, its first version, its TimeMap of three versions', async () => {
    const urls = [...sampleUrls(base).matchAll(/^ {2}(\S+)/gm)].map(m => m[1] ?? '')
    expect(urls).toEqual([
      `${base}#/sample/http://iparo.example/`,
      `${base}sample/http://iparo.example/`,
      `${base}sample/20261121/http://iparo.example/`,
      `${base}sample/timemap/link/http://iparo.example/`
    ])
    const homes = sampleCaptures().filter(c => c.uri === SAMPLE.home).map(c => c.datetime)
    expect(homes).toHaveLength(3)
    const latest = await fetch(urls[1] ?? '', { redirect: 'manual' })
    expect(latest.headers.get('location')).toBe(`${base}sample/${homes[2]}/http://iparo.example/`)
    const first = await fetch(urls[2] ?? '', { redirect: 'manual' })
    expect(first.headers.get('location')).toBe(`${base}sample/${homes[0]}/http://iparo.example/`)
    const timemap = await (await fetch(urls[3] ?? '')).text()
    expect([...timemap.matchAll(/\/sample\/(\d{14})\/http:\/\/iparo\.example\/>; rel="[^"]*memento"/g)].map(m => m[1])).toEqual(homes)
  })
})
