import type { CaptureContext } from '../../ingest/capture.ts'
import { readRecordOutcomes, type IngestItem } from '../../ingest/read-record-outcomes.ts'
import type { WarcProblem } from '../../warc/index.ts'
import type { ByteSource } from './byte-source.ts'
import { openWacz, type OpenedWacz } from './open-wacz.ts'
import { checkDigest } from './digest-signature.ts'
import { readPages } from './pages-jsonl.ts'
import { NotAWaczError, ZipUnreadableError } from './wacz-errors.ts'
import { checkResourceHash } from './resource-hash.ts'
import type { ZipMember } from './zip-archive.ts'

export interface WaczItemsOptions {
  /** the WACZ's name in reports; its WARCs are `<file>#<member>` */
  file: string
  ctx: CaptureContext
  /** a WARC member's bytes as the WARC reader takes them: gunzipped, for a .warc.gz (the edge's inflate) */
  warcBytes: (member: AsyncIterable<Uint8Array>, name: string) => AsyncIterable<Uint8Array>
  /** set to how far into the file the ingest has read (for a progress bar) */
  progress?: { at: number }
}

const problem = (severity: 'error' | 'warning', code: string, message: string): WarcProblem => ({ kind: 'problem', severity, code, offset: 0, message })

/**
 * A WACZ as ingest items: each WARC under archive/ read as any WARC is (its items follow a `source`
 * item naming it `<file>#<member>`), the pages of pages/*.jsonl, and one `wacz` item with the page
 * count and the signature's state. Every member datapackage.json lists is hashed first: a member
 * that does not match is an error and is not ingested; the intact ones are. A zip that is no WACZ
 * (`not-a-wacz`) or cannot be read as a zip (`zip-unreadable`) is one error item.
 */
export async function * waczItems (source: ByteSource, options: WaczItemsOptions): AsyncGenerator<IngestItem> {
  let wacz: OpenedWacz
  try {
    wacz = await openWacz(source)
  } catch (err) {
    if (!(err instanceof NotAWaczError || err instanceof ZipUnreadableError)) throw err
    yield problem('error', err.name, err.message)
    return
  }
  for (const member of wacz.warcs) yield * warcMember(wacz, member, options)
  let pages = 0
  for (const member of wacz.pageFiles) {
    for await (const item of pageMember(wacz, member, options)) {
      if (item.kind === 'pages') pages += item.pages.length
      yield item
    }
  }
  yield * otherResources(wacz, options)
  const digest = await checkDigest(wacz.digest, wacz.datapackageBytes)
  if (digest.hashMatches === false || digest.signature === 'invalid') {
    yield { kind: 'source', file: options.file }
    yield problem('error', digest.hashMatches === false ? 'wacz-hash-mismatch' : 'wacz-signature-invalid', `datapackage-digest.json: ${digest.message ?? 'the signature does not hold'}`)
  }
  yield { kind: 'wacz', file: options.file, pages, signature: digest.signature, ...(digest.signer != null ? { signer: digest.signer } : {}) }
}

/**
 * Hashes the member (a problem item unless it matches) and tells whether to read it: not when it
 * was changed. The hash pass reads the member once more; WARCs in a WACZ are stored (already
 * gzipped), so that pass is a read from disk and a SHA-256, well below the cost of ingesting them.
 */
async function * checked (wacz: OpenedWacz, member: ZipMember, options: WaczItemsOptions): AsyncGenerator<IngestItem, boolean> {
  const check = await checkResourceHash(wacz.resources.get(member.name), wacz.zip.stream(member.name), options.ctx.hashers)
  if (check.kind === 'match') return true
  yield { kind: 'source', file: `${options.file}#${member.name}` }
  if (check.kind === 'unchecked') {
    yield problem('warning', 'wacz-unchecked', check.message)
    return true
  }
  yield problem('error', 'wacz-hash-mismatch', `${check.message}; not ingested`)
  return false
}

async function * warcMember (wacz: OpenedWacz, member: ZipMember, options: WaczItemsOptions): AsyncGenerator<IngestItem> {
  if (!(yield * checked(wacz, member, options))) return
  const file = `${options.file}#${member.name}`
  yield { kind: 'source', file }
  const bytes = counted(wacz.zip.stream(member.name), member, options.progress)
  yield * readRecordOutcomes(options.warcBytes(bytes, member.name), { ...options.ctx, file })
}

async function * pageMember (wacz: OpenedWacz, member: ZipMember, options: WaczItemsOptions): AsyncGenerator<IngestItem> {
  if (!(yield * checked(wacz, member, options))) return
  const file = `${options.file}#${member.name}`
  let announced = false
  for await (const batch of readPages(wacz.zip.stream(member.name))) {
    if (batch.warnings.length > 0 && !announced) {
      yield { kind: 'source', file }
      announced = true
    }
    for (const w of batch.warnings) yield problem('warning', 'wacz-page-invalid', `${w.message}: skipped`)
    if (batch.pages.length > 0) yield { kind: 'pages', file, pages: batch.pages }
  }
}

/** The listed resources that are neither WARCs nor pages (indexes): hashed, and missing ones reported. */
async function * otherResources (wacz: OpenedWacz, options: WaczItemsOptions): AsyncGenerator<IngestItem> {
  const read = new Set([...wacz.warcs, ...wacz.pageFiles].map(m => m.name))
  for (const path of wacz.resources.keys()) {
    if (read.has(path)) continue
    const member = wacz.zip.member(path)
    if (member == null) {
      yield { kind: 'source', file: options.file }
      yield problem('error', 'wacz-missing-resource', `datapackage.json lists ${path}, which the zip does not hold`)
      continue
    }
    yield * checked(wacz, member, options)
  }
}

/** The member's bytes, with the progress moved along in file bytes (the compressed share of what was read). */
async function * counted (chunks: AsyncIterable<Uint8Array>, member: ZipMember, progress: { at: number } | undefined): AsyncGenerator<Uint8Array> {
  const ratio = member.size > 0 ? member.compressedSize / member.size : 1
  let read = 0
  for await (const chunk of chunks) {
    read += chunk.byteLength
    if (progress != null) progress.at = member.offset + Math.round(read * ratio)
    yield chunk
  }
}
