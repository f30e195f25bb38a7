import { CID } from 'multiformats/cid'
import * as raw from 'multiformats/codecs/raw'
import { sha256 } from 'multiformats/hashes/sha2'
import { describe, expect, it } from 'vitest'
import { manifest } from '../../core/archive/archive-test-support.ts'
import type { ArchiveRoot } from '../../core/archive/archive-root.ts'
import { InvalidInputError } from '../../core/errors.ts'
import { archiveNamespace } from './archive-namespace.ts'

const claimed = { ...manifest, namespace: { layout: 1, bits: 6, urlBits: 10 } }
const root = async (m: ArchiveRoot['manifest']): Promise<ArchiveRoot> => ({
  type: 'iparo-archive', version: 1, manifest: m, urls: CID.createV1(raw.code, await sha256.digest(new Uint8Array([1]))), log: null, counts: { urls: 1, mementos: 1 }
})

describe('archiveNamespace', () => {
  it('keeps the recorded layout without the option, and none when none is recorded', async () => {
    const from = { root: await root(claimed) }
    expect(archiveNamespace(from, undefined)).toEqual({ from, layout: { bits: 6, urlBits: 10 } })
    expect(archiveNamespace({ manifest }, undefined)).toEqual({ from: { manifest }, layout: undefined })
  })

  it('records the option\'s layout in the manifest the writer commits, the rest of the root as it was', async () => {
    const before = await root(manifest)
    const { from, layout } = archiveNamespace({ root: before }, '8:4')
    expect(layout).toEqual({ bits: 8, urlBits: 4 })
    expect(from).toEqual({ root: { ...before, manifest: { ...manifest, namespace: { layout: 1, bits: 8, urlBits: 4 } } } })
    expect(archiveNamespace({ manifest: claimed }, '5').from).toEqual({ manifest: { ...manifest, namespace: { layout: 1, bits: 5, urlBits: 0 } } })
  })

  it('removes the layout with 0 or 0:0: no key left (dag-cbor cannot encode undefined)', async () => {
    for (const option of ['0', '0:0']) {
      const { from, layout } = archiveNamespace({ root: await root(claimed) }, option)
      expect(layout).toBeUndefined()
      expect('root' in from ? Object.hasOwn(from.root.manifest, 'namespace') : 'no root').toBe(false)
    }
    expect(() => archiveNamespace({ manifest }, '6:40')).toThrow(InvalidInputError)
  })
})
