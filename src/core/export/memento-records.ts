import { CID } from 'multiformats/cid'
import type { BlockGetter } from '../blocks.ts'
import { setBounded } from '../bounded-map.ts'
import { InvalidIparoError } from '../errors.ts'
import type { Datetime } from '../datetime.ts'
import type { IparoHeader } from '../iparo/iparo-header.ts'
import { readFileBytes, readFileToBytes } from '../iparo/iparo-reader.ts'
import type { DecodedIparo } from '../iparo/iparo-root.ts'
import { revisitRecordHead, type OriginalRecord } from './revisit-record.ts'

/** One WARC record of an export: its bytes (WARC head, content, separator), read when written. */
export interface ExportRecord {
  role: 'header' | 'memento' | 'request'
  bytes: () => AsyncIterable<Uint8Array>
}

/** What an index line (CDXJ) says of a memento record. */
export interface MementoFacts {
  uri: string
  datetime: Datetime
  /** the record type written: `revisit` for revisits written as such */
  type: 'response' | 'resource' | 'revisit'
  mime?: string
  status?: number
  method: string
  /** the payload digest the record declares (WARC-Payload-Digest as written), else its sha256 */
  digest?: string
  /** the IPARO it was written from */
  cid: string
}

export interface ExportedMemento {
  facts: MementoFacts
  records: ExportRecord[]
}

/** Originals remembered per payload for the revisits written after them (oldest forgotten first). */
const ORIGINALS_KEPT = 200_000

/**
 * Turns IPAROs into the WARC records an export writes, in order: each IPARO's own header record (so a
 * re-ingest rebuilds the same IPARO: src/core/ingest/carried-header.ts), its memento record, its request
 * record. An IPARO's bytes are those records already, except for a revisit resolved at ingest (stored as
 * a complete `response`): it is written back as a `revisit` of the record written earlier with the same
 * payload, or, when none was (a one-per-URL export), as the complete response it is stored as.
 */
export class MementoRecords {
  private readonly originals = new Map<string, OriginalRecord>()

  constructor (private readonly blocks: BlockGetter) {}

  records (iparo: DecodedIparo): ExportedMemento {
    const h = iparo.header
    const piece = (role: string): CID | undefined => {
      const found = iparo.pieces.find(p => p.role === role)
      return found == null ? undefined : CID.parse(found.cid)
    }
    const payload = piece('payload')
    const request = piece('request')
    const revisitOf = this.revisitOf(h, payload)
    const facts = mementoFacts(iparo, revisitOf !== undefined || h.revisit?.resolved === false ? 'revisit' : h.record.type === 'resource' ? 'resource' : 'response')
    const records: ExportRecord[] = [{ role: 'header', bytes: () => once(iparo.headerRecord) }]
    if (revisitOf !== undefined) {
      const head = piece('response-head')
      if (head == null) throw new InvalidIparoError(`${iparo.cid.toString()} has no response-head piece`)
      const blocks = this.blocks
      records.push({ role: 'memento', bytes: async function * () { yield revisitRecordHead(await readFileToBytes(blocks, head), revisitOf ?? undefined) } })
    } else {
      const pieces = iparo.pieces.filter(p => p.role !== 'request').map(p => CID.parse(p.cid))
      records.push({ role: 'memento', bytes: () => this.concat(pieces) })
      if (payload != null) setBounded(this.originals, ORIGINALS_KEPT, payload.toString(), originalRecord(h))
    }
    if (request != null) records.push({ role: 'request', bytes: () => this.concat([request]) })
    return { facts, records }
  }

  /**
   * For a revisit resolved at ingest: the record to refer to (null for one whose payload is empty, which
   * refers to none); undefined when it is written as a complete response instead.
   */
  private revisitOf (h: IparoHeader, payload: CID | undefined): OriginalRecord | null | undefined {
    if (h.record.type !== 'revisit' || h.revisit?.resolved !== true) return undefined
    if (payload == null) return null
    return this.originals.get(payload.toString())
  }

  private async * concat (pieces: CID[]): AsyncGenerator<Uint8Array> {
    for (const cid of pieces) yield * readFileBytes(this.blocks, cid)
  }
}

function originalRecord (h: IparoHeader): OriginalRecord {
  const original: OriginalRecord = { uri: h.uri, date: h.record.date }
  if (h.record.id != null) original.id = h.record.id
  if (h.digests.computed != null) original.digest = h.digests.computed
  return original
}

function mementoFacts (iparo: DecodedIparo, type: MementoFacts['type']): MementoFacts {
  const h = iparo.header
  const facts: MementoFacts = { uri: h.uri, datetime: h.datetime, type, method: h.method ?? 'GET', cid: iparo.cid.toString() }
  if (h.mime != null) facts.mime = h.mime
  if (h.status != null) facts.status = h.status
  // what the written record's WARC-Payload-Digest says (as any indexer of the file would report it; a revisit
  // written without one gets the sha256 that is `computed`), so replay tools find it equal to the record's
  const digest = h.digests.declared ?? h.digests.computed
  if (digest != null) facts.digest = digest
  return facts
}

async function * once (bytes: Uint8Array): AsyncGenerator<Uint8Array> {
  yield bytes
}
