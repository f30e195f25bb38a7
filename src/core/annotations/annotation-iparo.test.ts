import * as dagPb from '@ipld/dag-pb'
import { UnixFS } from 'ipfs-unixfs'
import { CID } from 'multiformats/cid'
import * as raw from 'multiformats/codecs/raw'
import { sha256 } from 'multiformats/hashes/sha2'
import { describe, expect, it } from 'vitest'
import { WARCParser } from 'warcio'
import { MemoryBlockStore } from '../blocks.ts'
import { encodeHeaderRecord } from '../iparo/header-record.ts'
import { buildAnnotation, readAnnotation, type NewAnnotation } from './annotation-iparo.ts'
import { MAX_TEXT_LENGTH } from './web-annotation.ts'

const MEMENTO = 'bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi'
const note: NewAnnotation = {
  target: { cid: MEMENTO, uriM: 'http://127.0.0.1:8420/k51x/20140114100000/http://memento.us/', datetime: '2014-01-14T10:00:00Z', uri: 'http://memento.us/', recordId: '<urn:uuid:1>' },
  text: '  A note <b>not HTML</b>\nsecond line ',
  created: '2026-12-07T18:40:00.123Z'
}

/** Rewrites an annotation root with another header JSON (the piece kept), as a forger would. */
async function forged (store: MemoryBlockStore, cid: string, change: (h: Record<string, unknown>) => void, piece?: { cid: CID, length: number }): Promise<CID> {
  const node = dagPb.decode(await store.get(CID.parse(cid)))
  const unixfs = UnixFS.unmarshal(node.Data as Uint8Array)
  const text = new TextDecoder().decode(unixfs.data)
  const header = JSON.parse(text.slice(text.indexOf('\r\n\r\n') + 4).trimEnd()) as Record<string, unknown>
  change(header)
  const data = await encodeHeaderRecord(header as never)
  const blockSizes = piece == null ? unixfs.blockSizes : [BigInt(piece.length)]
  const links = piece == null ? node.Links : [{ Hash: piece.cid, Name: '', Tsize: piece.length }]
  const bytes = dagPb.encode(dagPb.prepare({ Data: new UnixFS({ type: 'file', data, blockSizes }).marshal(), Links: links }))
  const root = CID.createV1(dagPb.code, await sha256.digest(bytes))
  await store.put(root, bytes)
  return root
}

describe('annotation IPAROs', () => {
  it('round-trips: a UnixFS file that is a two-record WARC, read back with its text', async () => {
    const store = new MemoryBlockStore()
    const built = await buildAnnotation(note, store)
    expect(built.cid).toMatch(/^bafybei/)
    expect(built.header).toMatchObject({ iparo: 1, type: 'annotation', uri: 'http://memento.us/', datetime: note.created, target: { cid: MEMENTO, datetime: '2014-01-14T10:00:00Z' } })
    const read = await readAnnotation(store, CID.parse(built.cid))
    expect(read.text).toBe('A note <b>not HTML</b>\nsecond line')
    expect(read.header).toEqual(built.header)
    // the file's bytes: header record, then the annotation record (JSON-LD)
    const root = dagPb.decode(built.bytes)
    const piece = await store.get(root.Links[0]?.Hash as CID)
    const file = new TextDecoder().decode(new Uint8Array([...(UnixFS.unmarshal(root.Data as Uint8Array).data ?? []), ...piece]))
    expect(file.match(/^WARC\/1\.1\r\n/gm)).toHaveLength(2)
    expect(file).toContain('WARC-Refers-To: <urn:uuid:1>\r\n')
    expect(file).toContain('Content-Type: application/ld+json; profile="http://www.w3.org/ns/anno.jsonld"\r\n')
    const jsonld = JSON.parse(file.slice(file.lastIndexOf('\r\n\r\n{') + 4).trimEnd()) as Record<string, unknown>
    expect(jsonld).toMatchObject({ '@context': 'http://www.w3.org/ns/anno.jsonld', type: 'Annotation', body: { type: 'TextualBody', format: 'text/plain' }, target: { source: 'http://memento.us/', state: { type: 'TimeState', cached: [note.target.uriM, `ipfs://${MEMENTO}`] } } })
    // warcio reads it as two metadata records, the second the Web Annotation
    const records = []
    for await (const record of new WARCParser([new TextEncoder().encode(file)])) {
      await record.readFully()
      records.push(record)
    }
    expect(records.map(r => [r.warcType, r.warcTargetURI])).toEqual([['metadata', 'http://memento.us/'], ['metadata', 'http://memento.us/']])
    expect(records[1]?.warcContentType).toBe('application/ld+json; profile="http://www.w3.org/ns/anno.jsonld"')
    // the same note is the same IPARO
    expect((await buildAnnotation(note, new MemoryBlockStore())).cid).toBe(built.cid)
  })

  it('refuses bad text', async () => {
    const store = new MemoryBlockStore()
    await expect(buildAnnotation({ ...note, text: '   ' }, store)).rejects.toThrow(/empty/)
    await expect(buildAnnotation({ ...note, text: 'x'.repeat(MAX_TEXT_LENGTH + 1) }, store)).rejects.toThrow(/longer/)
    await expect(buildAnnotation({ ...note, text: 'a\u0000b' }, store)).rejects.toThrow(/control/)
  })

  it('rejects malformed headers and records on read', async () => {
    const store = new MemoryBlockStore()
    const { cid } = await buildAnnotation(note, store)
    const bad: Array<(h: Record<string, unknown>) => void> = [
      h => { h.type = 'memento' },
      h => { h.iparo = 2 },
      h => { h.datetime = '2026-12-07 18:40' },
      h => { h.uri = 'not a url' },
      h => { (h.target as Record<string, unknown>).cid = 'bafynot' },
      h => { (h.target as Record<string, unknown>).datetime = '2014-01-14T10:00:00.000Z' },
      h => { h.pieces = [] },
      // a header that names another memento than its Web Annotation does
      h => { (h.target as Record<string, unknown>).cid = 'bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy' },
      h => { h.datetime = '2026-12-07T18:40:01Z' }
    ]
    for (const change of bad) await expect(readAnnotation(store, await forged(store, cid, change))).rejects.toMatchObject({ name: 'InvalidIparoError' })
    // a record that is not what its header says
    const record = new TextEncoder().encode('WARC/1.1\r\nWARC-Type: metadata\r\nContent-Length: 2\r\n\r\n{}\r\n\r\n')
    const pieceCid = CID.createV1(raw.code, await sha256.digest(record))
    await store.put(pieceCid, record)
    const swapped = await forged(store, cid, h => { h.pieces = [{ role: 'annotation', cid: pieceCid.toString(), length: record.byteLength }] }, { cid: pieceCid, length: record.byteLength })
    await expect(readAnnotation(store, swapped)).rejects.toThrow(/TextualBody|annotation record|Web Annotation|WARC/)
  })
})
