import { describe, expect, it } from 'vitest'
import type { FileIndexEntry } from './file-index-entry.ts'
import type { FileRecord } from './file-record.ts'
import { resolveRevisit } from './resolve-revisit.ts'

const HEX = 'ea8fac7c65fb589b0d53560f5251f74f9e9b243478dcb6b3ea79b5e36449c8d9'
const original: FileIndexEntry = { key: 'com,example)/', uri: 'https://example.com/', datetime: '2021-05-20T22:15:23.954Z', offset: 0, length: 10, type: 'response', status: 200, digest: `sha256:${HEX}` }
// as py-wacz's example-iana.warc writes it: the revisit spells the algorithm `sha-256`, its original `sha256`
const revisit: FileIndexEntry = { key: 'com,example)/favicon.ico', uri: 'https://example.com/favicon.ico', datetime: '2021-05-20T22:15:24.171Z', offset: 10, length: 10, type: 'revisit', digest: `sha-256:${HEX}`, refersToUri: 'https://example.com/', refersToDate: '2021-05-20T22:15:23.954Z' }

describe('resolveRevisit', () => {
  it('finds the original whose declared digest is the same digest spelled another way, and no other', async () => {
    const record = { uri: revisit.uri } as unknown as FileRecord
    const read = async (e: FileIndexEntry): Promise<FileRecord> => ({ uri: e.uri } as unknown as FileRecord)
    expect((await resolveRevisit(record, revisit, [revisit], async () => [original], read)).uri).toBe('https://example.com/')
    const other = { ...original, digest: `sha256:${'0'.repeat(64)}` }
    await expect(resolveRevisit(record, revisit, [revisit], async () => [other], read)).rejects.toThrow(/original is not in this file/)
  })
})
