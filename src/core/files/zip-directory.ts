import { InvalidInputError } from '../errors.ts'
import type { ByteSource } from '../formats/wacz/byte-source.ts'
import { openZip } from '../formats/wacz/zip-archive.ts'

/** Random access to a file's bytes (a file on disk, bytes in memory). */
export type RangeReader = ByteSource

/** One member of a zip, placed where its data lies in the zip file. */
export interface ZipMember {
  name: string
  /** 0 stored, 8 deflated */
  method: number
  compressedSize: number
  size: number
  /** where the member's data starts in the zip (after its local header) */
  dataOffset: number
}

const LOCAL = 0x04034b50

/**
 * Every member of a zip with where its data starts: the central directory is zip.js's to read
 * (src/core/formats/wacz/zip-archive.ts, ZIP64 included); the local header, whose name and extra
 * field may differ in length from the central entry's, is read here for the data offset, which
 * zip.js does not expose. A stored member's data is then a byte range of the file.
 */
export async function readZipDirectory (zip: RangeReader): Promise<ZipMember[]> {
  let members
  try {
    members = (await openZip(zip)).members
  } catch (err) {
    throw new InvalidInputError(`not a readable zip: ${err instanceof Error ? err.message : String(err)}`, { cause: err })
  }
  const out: ZipMember[] = []
  for (const m of members) {
    const bytes = await zip.read(m.offset, 30)
    const local = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
    if (local.byteLength < 30 || local.getUint32(0, true) !== LOCAL) throw new InvalidInputError(`not a readable zip: no local header for ${m.name}`)
    const dataOffset = m.offset + 30 + local.getUint16(26, true) + local.getUint16(28, true)
    if (dataOffset + m.compressedSize > zip.size) throw new InvalidInputError(`not a readable zip: ${m.name} runs past the end of the file`)
    out.push({ name: m.name, method: m.method, compressedSize: m.compressedSize, size: m.size, dataOffset })
  }
  return out
}
