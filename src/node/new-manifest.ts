import { ARCHIVE_FORMAT_VERSION, type Manifest } from '../core/archive/archive-root.ts'
import { IPARO_FORMAT_VERSION } from '../core/iparo/iparo-header.ts'
import { KEY_SCHEME } from '../core/surt.ts'
import { SOFTWARE } from './software.ts'

/**
 * The manifest of a new archive, whoever makes it (`archive create`, or the first ingest into a new
 * name): the formats this software writes, the key scheme included, so a new archive is never read
 * as one of the old key scheme.
 */
export function newManifest (info: { title: string, description?: string, publicKey: Uint8Array }, now = new Date()): Manifest {
  return {
    title: info.title,
    description: info.description ?? '',
    created: now.toISOString().replace(/\.000Z$/, 'Z'),
    publicKey: info.publicKey,
    software: SOFTWARE,
    formats: { iparo: IPARO_FORMAT_VERSION, archive: ARCHIVE_FORMAT_VERSION, keys: KEY_SCHEME }
  }
}
