import type { CID } from 'multiformats/cid'

export interface RootLink {
  cid: CID
  /** file bytes under the link (the UnixFS blocksize) */
  length: number
  /** the link's Tsize */
  tsize: number
}

/**
 * ipfs-unixfs (protons) writes sizes from 2^31 to 2^32 - 1 as bytes that are not their varint (not even
 * decodable); the IPARO format is what that library writes, so files that large are left to it.
 */
export const FILE_ROOT_MAX_SIZE = 2 ** 31

function varintLength (n: number): number {
  let len = 1
  while (n >= 128) { n = Math.floor(n / 128); len++ }
  return len
}

function writeVarint (out: Uint8Array, at: number, n: number): number {
  while (n >= 128) {
    out[at++] = (n % 128) | 0x80
    n = Math.floor(n / 128)
  }
  out[at++] = n
  return at
}

/**
 * The dag-pb bytes of a UnixFS file node with its own data and unnamed links, exactly as
 * `dagPb.encode(dagPb.prepare({ Data: new UnixFS({ type: 'file', data, blockSizes }).marshal(), Links }))`
 * writes them (encode-file-root.test.ts compares the two), in one allocation: the generic path built
 * a UnixFS object, BigInts, a protobuf writer and prepared link objects for every IPARO root.
 *
 * Returns undefined for a file of FILE_ROOT_MAX_SIZE bytes or more.
 *
 * PBNode: links (field 2: Hash 1, Name 2 = "", Tsize 3), then Data (field 1). UnixFS Data: Type 1 = file (2),
 * Data 2 (when not empty), filesize 3, one blocksizes 4 per link.
 */
export function encodeFileRoot (data: Uint8Array, links: readonly RootLink[]): Uint8Array | undefined {
  let fileSize = data.byteLength
  let unixfsLength = 2 + (data.byteLength > 0 ? 1 + varintLength(data.byteLength) + data.byteLength : 0)
  let linksLength = 0
  const linkLengths: number[] = []
  for (const link of links) {
    fileSize += link.length
    unixfsLength += 1 + varintLength(link.length)
    const cidLength = link.cid.bytes.byteLength
    const linkLength = 1 + varintLength(cidLength) + cidLength + 2 + 1 + varintLength(link.tsize)
    linkLengths.push(linkLength)
    linksLength += 1 + varintLength(linkLength) + linkLength
  }
  if (fileSize >= FILE_ROOT_MAX_SIZE) return undefined
  unixfsLength += 1 + varintLength(fileSize)
  const out = new Uint8Array(linksLength + 1 + varintLength(unixfsLength) + unixfsLength)
  let at = 0
  links.forEach((link, i) => {
    out[at++] = 0x12
    at = writeVarint(out, at, linkLengths[i] ?? 0)
    out[at++] = 0x0a
    at = writeVarint(out, at, link.cid.bytes.byteLength)
    out.set(link.cid.bytes, at)
    at += link.cid.bytes.byteLength
    out[at++] = 0x12
    out[at++] = 0
    out[at++] = 0x18
    at = writeVarint(out, at, link.tsize)
  })
  out[at++] = 0x0a
  at = writeVarint(out, at, unixfsLength)
  out[at++] = 0x08
  out[at++] = 0x02
  if (data.byteLength > 0) {
    out[at++] = 0x12
    at = writeVarint(out, at, data.byteLength)
    out.set(data, at)
    at += data.byteLength
  }
  out[at++] = 0x18
  at = writeVarint(out, at, fileSize)
  for (const link of links) {
    out[at++] = 0x20
    at = writeVarint(out, at, link.length)
  }
  if (at !== out.byteLength) throw new Error(`encodeFileRoot wrote ${at} of ${out.byteLength} bytes`)
  return out
}
