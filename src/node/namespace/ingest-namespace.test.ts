import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { CID } from 'multiformats/cid'
import { afterAll, describe, expect, it } from 'vitest'
import { readArchiveRoot } from '../../core/archive/archive-root.ts'
import { readIparo } from '../../core/iparo/iparo-root.ts'
import { namespaceClaimHolds } from '../../core/namespace/namespace-claim.ts'
import type { NamespaceLayout } from '../../core/namespace/namespace-layout.ts'
import { fixtureUrl } from '../../core/warc/fixtures.test-support.ts'
import { runCliCaptured } from '../cli/run-cli.test-support.ts'
import { openEmbeddedStore } from '../embedded-store.ts'
import type { NamespaceReport } from './ingest-grinding.ts'

const dir = mkdtempSync(join(tmpdir(), 'iparo-namespace-'))
afterAll(() => { rmSync(dir, { recursive: true, force: true }) })
const fixture = (name: string): string => fixtureUrl(name).pathname

interface Report {
  root: string
  mementos: number
  iparos: Array<{ cid: string, uri: string, datetime: string }>
  namespace?: NamespaceReport
}

async function ingest (data: string, file: string, ...options: string[]): Promise<Report> {
  const run = await runCliCaptured(['ingest', fixture(file), '--data', data, '--json', ...options])
  expect(run.code, run.err).toBe(0)
  return JSON.parse(run.out) as Report
}

/** The datetimes `iparo timemap --json` lists (the CIDs differ with a namespace). */
async function timemap (data: string, url: string): Promise<string[]> {
  const run = await runCliCaptured(['timemap', 'default', url, '--data', data, '--json'])
  expect(run.code, run.err).toBe(0)
  return (JSON.parse(run.out) as { mementos: Array<{ datetime: string }> }).mementos.map(m => m.datetime)
}

/** For each IPARO of the report: whether its CID is in the namespace its header claims under `layout`. */
async function claimsHold (data: string, report: Report, layout: NamespaceLayout): Promise<boolean[]> {
  const store = await openEmbeddedStore(data)
  try {
    return await Promise.all(report.iparos.map(async ({ cid }) => {
      const { header } = await readIparo(store.blocks, CID.parse(cid))
      return namespaceClaimHolds(CID.parse(cid), header, layout)
    }))
  } finally {
    await store.close()
  }
}

async function manifestLayout (data: string, report: Report): Promise<unknown> {
  const store = await openEmbeddedStore(data)
  try {
    return (await readArchiveRoot(store.blocks, CID.parse(report.root))).manifest.namespace
  } finally {
    await store.close()
  }
}

describe('iparo ingest --namespace', () => {
  it('grinds every IPARO into its URL\'s namespace, records the layout, and keeps it for later runs', async () => {
    const data = join(dir, 'ns')
    const first = await ingest(data, 'ipwb/5mementos.warc', '--namespace', '6:4')
    expect(first.mementos).toBe(7)
    expect(first.namespace).toMatchObject({ bits: 6, urlBits: 4, iparos: 7 })
    expect(first.namespace?.tries).toBeGreaterThanOrEqual(7)
    // 10 bits: ground on worker threads (grind-pool.ts INLINE_BELOW_BITS)
    expect(first.namespace?.threads).toBeGreaterThan(0)
    expect(await claimsHold(data, first, { bits: 6, urlBits: 4 })).toEqual(Array(7).fill(true))
    expect(await claimsHold(data, first, { bits: 6, urlBits: 5 })).toEqual(Array(7).fill(false))
    expect(await manifestLayout(data, first)).toEqual({ layout: 1, bits: 6, urlBits: 4 })

    // the same TimeMap as an archive without namespaces: only the CIDs differ
    const plainData = join(dir, 'plain')
    const plain = await ingest(plainData, 'ipwb/5mementos.warc')
    expect(plain.namespace).toBeUndefined()
    expect(await manifestLayout(plainData, plain)).toBeUndefined()
    for (const url of ['http://memento.us/', 'http://someotherURI.us/']) {
      const datetimes = await timemap(data, url)
      expect(datetimes.length).toBeGreaterThan(0)
      expect(datetimes).toEqual(await timemap(plainData, url))
    }
    expect(first.iparos.map(i => i.cid)).not.toEqual(plain.iparos.map(i => i.cid))
    // without a layout, an IPARO is what it was before namespaces (src/core/namespace/namespace.test.ts)
    expect(plain.iparos[0]?.cid).toBe('bafybeifex7p3hf74dcqxwmhrfk7dchzwt6bydzlgwthy3cv3wkdlc3t6fm')

    // a later run without the option grinds into the recorded layout
    const second = await ingest(data, 'ipwb/5mementosAndFroggie.warc')
    expect(second.mementos).toBeGreaterThan(0)
    expect(second.namespace).toMatchObject({ bits: 6, urlBits: 4, iparos: second.mementos })
    expect(await claimsHold(data, second, { bits: 6, urlBits: 4 })).toEqual(Array(second.mementos).fill(true))
    expect(await manifestLayout(data, second)).toEqual({ layout: 1, bits: 6, urlBits: 4 })
  }, 60_000)

  it('replaces the layout with another, and removes it with --namespace 0', async () => {
    const data = join(dir, 'change')
    await ingest(data, 'ipwb/2mementos.warc', '--namespace', '4')
    const changed = await ingest(data, 'ipwb/3mementos.warc', '--namespace', '2:3')
    expect(changed.namespace).toMatchObject({ bits: 2, urlBits: 3, iparos: changed.mementos })
    expect(await claimsHold(data, changed, { bits: 2, urlBits: 3 })).toEqual(Array(changed.mementos).fill(true))
    expect(await manifestLayout(data, changed)).toEqual({ layout: 1, bits: 2, urlBits: 3 })
    const removed = await ingest(data, 'ipwb/froggie.warc.gz', '--namespace', '0')
    expect(removed.namespace).toBeUndefined()
    expect(await manifestLayout(data, removed)).toBeUndefined()
    expect(await claimsHold(data, removed, { bits: 2, urlBits: 3 })).toEqual(Array(removed.mementos).fill(false))
  }, 60_000)

  it('refuses a malformed layout, and --namespace with --as-file, as command-line mistakes', async () => {
    for (const args of [['--namespace', '40'], ['--namespace', '6:x'], ['--namespace', '6:4', '--as-file']]) {
      const run = await runCliCaptured(['ingest', fixture('ipwb/1memento.warc'), '--data', join(dir, 'refused'), ...args])
      expect(run.code, args.join(' ')).toBe(2)
      expect(run.err).toMatch(/UsageError: .*--namespace/)
    }
  })
})
