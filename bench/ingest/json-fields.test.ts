import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { JsonFields, readJsonFields } from './json-fields.ts'

const report = {
  archive: 'a "quoted" name, with {braces} and [brackets]',
  root: null,
  published: true,
  records: 16752,
  revisits: { resolved: 123, unresolved: 2, unresolvedList: [{ uri: 'http://x/', datetime: '2020' }, { uri: 'y' }] },
  skippedByReason: { 'request without response': 3, 'dns:': 1 },
  warnings: [{ code: 'w', message: 'a\\b\\"c' }, { code: 'v', nested: [1, 2, [3]] }],
  dedupBytes: -1.5e3,
  iparos: ['c1', 'c2', 'c3'],
  wacz: []
}

describe('JsonFields', () => {
  it('reads the shallow scalars and array lengths of a document fed in pieces of any size', () => {
    const text = JSON.stringify(report, null, 2)
    for (const size of [1, 7, 4096]) {
      const fields = new JsonFields(2)
      for (let i = 0; i < text.length; i += size) fields.write(text.slice(i, i + size))
      expect(Object.fromEntries(fields.fields)).toEqual({
        archive: report.archive,
        root: null,
        published: true,
        records: 16752,
        'revisits.resolved': 123,
        'revisits.unresolved': 2,
        'revisits.unresolvedList.length': 2,
        'skippedByReason.request without response': 3,
        'skippedByReason.dns:': 1,
        'warnings.length': 2,
        dedupBytes: -1500,
        'iparos.length': 3,
        'wacz.length': 0
      })
    }
  })

  it('streams a file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'json-fields-'))
    try {
      await writeFile(join(dir, 'r.json'), JSON.stringify({ ...report, iparos: Array.from({ length: 50_000 }, (_, i) => ({ cid: `b${i}`, uri: `http://h/${i}` })) }))
      const fields = await readJsonFields(join(dir, 'r.json'))
      expect(fields.number('iparos.length')).toBe(50_000)
      expect(fields.number('revisits.resolved')).toBe(123)
      expect(fields.number('absent', -1)).toBe(-1)
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })
})
