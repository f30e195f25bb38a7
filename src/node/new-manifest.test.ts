import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { keySchemeOf } from '../core/archive/archive-root.ts'
import { KEY_SCHEME } from '../core/surt.ts'
import { ArchiveRegistry } from './archive-registry.ts'
import { openEmbeddedStore } from './embedded-store.ts'
import { ingestTarget } from './ingest/ingest-target.ts'

describe('new archives', () => {
  it('record the current key scheme, made by `archive create` or by a first ingest', async () => {
    const store = await openEmbeddedStore(mkdtempSync(join(tmpdir(), 'iparo-manifest-')))
    try {
      const registry = new ArchiveRegistry(store)
      await registry.create('made')
      expect(keySchemeOf(await registry.root('made').then(r => r.root))).toBe(KEY_SCHEME)
      const target = await ingestTarget(registry, 'ingested')
      expect('manifest' in target.from && keySchemeOf(target.from)).toBe(KEY_SCHEME)
    } finally {
      await store.close()
    }
  })
})
