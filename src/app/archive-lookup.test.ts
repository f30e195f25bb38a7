import { CID } from 'multiformats/cid'
import { sha256 } from 'multiformats/hashes/sha2'
import * as raw from 'multiformats/codecs/raw'
import { describe, expect, it } from 'vitest'
import { manifest } from '../core/archive/archive-test-support.ts'
import { writeSyntheticArchive } from '../core/archive/synthetic-archive.test-support.ts'
import { MemoryBlockStore } from '../core/blocks.ts'
import { ArchiveError, NotFoundError } from '../core/errors.ts'
import { ArchiveApiHandler } from '../core/replay/archive-api-handler.ts'
import { errorResponse } from '../core/routing/error-response.ts'
import { archiveLookup, lookUpArchive } from './archive-lookup.ts'
import type { HostResponse } from './worker-link.ts'

describe('whether the archive a link names exists', () => {
  it('tells an archive that exists from a name nobody has and a CID that is no archive', async () => {
    const store = new MemoryBlockStore()
    const { rootCid } = await writeSyntheticArchive(store, manifest, 3)
    const absent = CID.createV1(raw.code, await sha256.digest(new TextEncoder().encode('not held anywhere')))
    // the worker's locator: a local name, a bare CID taken at its word (its blocks are then asked for)
    const handler = new ArchiveApiHandler(store, {
      async locate (archive) {
        if (archive === 'here') return rootCid
        if (archive === absent.toString()) return absent
        throw new NotFoundError(`no archive is named ${JSON.stringify(archive)}`)
      }
    })
    const get = async (path: string): Promise<HostResponse> => {
      const request = new Request(`http://worker.test${path}`)
      const response = await handler.handle(request, new URL(request.url)).catch(err => errorResponse(err, () => {}))
      return { status: response.status, contentType: response.headers.get('content-type') ?? '', body: await response.text() }
    }
    expect(await lookUpArchive(get, 'here')).toEqual({ kind: 'found' })
    expect(await lookUpArchive(get, 'nobody')).toEqual({ kind: 'missing', message: 'no archive is named "nobody"' })
    expect(await lookUpArchive(get, absent.toString())).toMatchObject({ kind: 'missing' })
  })

  it('says nothing when the answer is not about the archive', () => {
    expect(archiveLookup({ status: 0, body: 'the worker did not answer' })).toEqual({ kind: 'unknown' })
    expect(archiveLookup({ status: 504, body: '504 TimeoutError: the request timed out' })).toEqual({ kind: 'unknown' })
    const error = (err: Error): Promise<string> => errorResponse(err, () => {}).text()
    return error(new ArchiveError('the IPNS name k51x points at "/ipns/x", not an archive root')).then(body => {
      expect(archiveLookup({ status: 502, body })).toMatchObject({ kind: 'missing' })
    })
  })
})
