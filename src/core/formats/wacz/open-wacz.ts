import type { ByteSource } from './byte-source.ts'
import { parseDatapackage, type Datapackage, type WaczResource } from './datapackage.ts'
import { NotAWaczError } from './wacz-errors.ts'
import { openZip, type ZipArchive, type ZipMember } from './zip-archive.ts'

/** A WACZ opened: its zip, its datapackage, and the members ingest reads. */
export interface OpenedWacz {
  zip: ZipArchive
  datapackage: Datapackage
  /** datapackage.json as stored (the digest file signs these bytes) */
  datapackageBytes: Uint8Array
  /** the datapackage's resources by path */
  resources: Map<string, WaczResource>
  /** archive/*.warc and archive/*.warc.gz, in the zip's order */
  warcs: ZipMember[]
  /** pages/*.jsonl: pages.jsonl, extraPages.jsonl, … */
  pageFiles: ZipMember[]
  /** datapackage-digest.json, when there is one */
  digest?: Uint8Array
}

const WARC = /^archive\/[^/]+\.warc(\.gz)?$/i
const PAGES = /^pages\/[^/]+\.jsonl$/i

/** Opens a WACZ (1.0 or 1.1). A zip without datapackage.json or without WARCs under archive/ is NotAWaczError. */
export async function openWacz (source: ByteSource): Promise<OpenedWacz> {
  const zip = await openZip(source)
  const names = zip.members.map(m => m.name)
  if (zip.member('datapackage.json') == null) {
    throw new NotAWaczError(`a zip, but not a WACZ: it has no datapackage.json (it holds ${names.slice(0, 5).join(', ')}${names.length > 5 ? ', …' : ''})`)
  }
  const warcs = zip.members.filter(m => WARC.test(m.name))
  if (warcs.length === 0) throw new NotAWaczError('a zip with a datapackage.json, but not a WACZ: it has no WARC files under archive/')
  const datapackageBytes = await zip.bytes('datapackage.json')
  const datapackage = parseDatapackage(datapackageBytes)
  const opened: OpenedWacz = {
    zip,
    datapackage,
    datapackageBytes,
    resources: new Map(datapackage.resources.map(r => [r.path, r])),
    warcs,
    pageFiles: zip.members.filter(m => PAGES.test(m.name))
  }
  if (zip.member('datapackage-digest.json') != null) opened.digest = await zip.bytes('datapackage-digest.json')
  return opened
}
