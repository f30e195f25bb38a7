import { createHash } from 'node:crypto'
import { CID } from 'multiformats/cid'
import * as raw from 'multiformats/codecs/raw'
import { sha256 } from 'multiformats/hashes/sha2'
import { describe, expect, it } from 'vitest'
import { ingestFixtures, manifest } from '../archive/archive-test-support.ts'
import { readArchiveRoot, writeArchiveRoot, type ArchiveRoot } from '../archive/archive-root.ts'
import { MemoryBlockStore } from '../blocks.ts'
import { ArchiveError, InvalidInputError } from '../errors.ts'
import { buildIparo, decodeIparo, type PieceInput } from '../iparo/iparo-root.ts'
import { validateHeader, type IparoHeader } from '../iparo/iparo-header.ts'
import { surt } from '../surt.ts'
import { grindNonce, NONCE_DIGITS, writeNonce, type SyncHash } from './grind-nonce.ts'
import { namespaceClaimHolds, namespaceKey } from './namespace-claim.ts'
import { ARCHIVAL_TAG, parseNamespaceOption, validLayout } from './namespace-layout.ts'
import { hasPrefix, namespacePrefix } from './namespace-prefix.ts'
import { inlineGrinder, NamespaceGrindError, type NonceGrinder } from './namespacing.ts'

const hash: SyncHash = (bytes) => new Uint8Array(createHash('sha256').update(bytes).digest())
const bitsOf = (bytes: Uint8Array): string => [...bytes].map(b => b.toString(2).padStart(8, '0')).join('')

function mementoHeader (uri = 'http://example.com/'): Omit<IparoHeader, 'pieces'> {
  return {
    iparo: 1, type: 'memento', uri, datetime: '2024-05-06T07:08:09Z', method: 'GET',
    record: { type: 'response', warc: 'WARC/1.0', date: '2024-05-06T07:08:09Z' },
    digests: {}, seq: 0, links: []
  }
}

async function payloadPiece (store: MemoryBlockStore, text: string): Promise<PieceInput> {
  const bytes = new TextEncoder().encode(text)
  const cid = CID.createV1(raw.code, await sha256.digest(bytes))
  await store.put(cid, bytes)
  return { role: 'payload', cid, length: bytes.byteLength, tsize: bytes.byteLength }
}

describe('namespace layout and prefix', () => {
  it('has the archival tag sha256("iparo archival record") starts with', () => {
    expect(ARCHIVAL_TAG).toEqual(hash(new TextEncoder().encode('iparo archival record')).subarray(0, 4))
  })

  it('takes BITS bits of the tag, then URLBITS bits of sha256(key), byte-aligned or not', async () => {
    const key = surt('http://memento.us/')
    const urlHash = bitsOf(hash(new TextEncoder().encode(key)))
    for (const [bits, urlBits] of [[8, 0], [6, 0], [3, 5], [6, 10], [13, 7], [32, 0], [0, 9]] as const) {
      const prefix = await namespacePrefix({ bits, urlBits }, key)
      const want = bitsOf(ARCHIVAL_TAG).slice(0, bits) + urlHash.slice(0, urlBits)
      expect(prefix.bits).toBe(bits + urlBits)
      expect(prefix.bytes.byteLength).toBe(Math.ceil((bits + urlBits) / 8))
      // the bits after the prefix's are zero
      expect(bitsOf(prefix.bytes)).toBe(want.padEnd(prefix.bytes.byteLength * 8, '0'))
    }
  })

  it('matches exactly the prefix bits of a digest', async () => {
    const prefix = await namespacePrefix({ bits: 6, urlBits: 5 }, 'com,example)/')
    const digest = new Uint8Array(32)
    digest.set(prefix.bytes)
    expect(hasPrefix(digest, prefix)).toBe(true)
    // any bit after the 11th is free; any of the first 11 is not
    for (let bit = 0; bit < 16; bit++) {
      const flipped = digest.slice()
      flipped[bit >> 3] = (flipped[bit >> 3] ?? 0) ^ (0x80 >> (bit & 7))
      expect(hasPrefix(flipped, prefix)).toBe(bit >= 11)
    }
    expect(hasPrefix(digest, { bytes: new Uint8Array(0), bits: 0 })).toBe(true)
  })

  it('parses --namespace BITS[:URLBITS] and refuses what no reader would accept', () => {
    expect(parseNamespaceOption('6:10')).toEqual({ bits: 6, urlBits: 10 })
    expect(parseNamespaceOption('8')).toEqual({ bits: 8, urlBits: 0 })
    for (const bad of ['', '6:', ':4', '33', '20:13', '-1', '6:x', '1.5']) expect(() => parseNamespaceOption(bad)).toThrow(InvalidInputError)
    expect(validLayout({ bits: 32, urlBits: 0 })).toBe(true)
    expect(validLayout({ bits: 1.5, urlBits: 0 })).toBe(false)
  })
})

describe('grindNonce', () => {
  const root = (): Uint8Array => new TextEncoder().encode(`head WARC-IPARO-Nonce: ${'0'.repeat(NONCE_DIGITS)}\r\n and the rest of the root`)
  const at = 'head WARC-IPARO-Nonce: '.length

  it('writes nonces as 16 lowercase hex digits', () => {
    const bytes = root()
    writeNonce(bytes, at, 0xabc)
    expect(new TextDecoder().decode(bytes.subarray(at, at + NONCE_DIGITS))).toBe('0000000000000abc')
    writeNonce(bytes, at, Number.MAX_SAFE_INTEGER)
    expect(new TextDecoder().decode(bytes.subarray(at, at + NONCE_DIGITS))).toBe('001fffffffffffff')
  })

  it('finds the smallest matching nonce of its range, and leaves it written', async () => {
    const prefix = await namespacePrefix({ bits: 7, urlBits: 0 }, '')
    const bytes = root()
    const nonce = grindNonce(bytes, at, prefix, hash, 0, 1 << 16)
    expect(nonce).toBeTypeOf('number')
    expect(hasPrefix(hash(bytes), prefix)).toBe(true)
    for (let n = 0; n < (nonce ?? 0); n++) {
      const other = root()
      writeNonce(other, at, n)
      expect(hasPrefix(hash(other), prefix)).toBe(false)
    }
    // the same again, and a later range finds a later nonce; a range without one finds none
    expect(grindNonce(root(), at, prefix, hash, 0, 1 << 16)).toBe(nonce)
    expect(grindNonce(root(), at, prefix, hash, (nonce ?? 0) + 1, 1 << 16)).toBeGreaterThan(nonce ?? 0)
    expect(grindNonce(root(), at, prefix, hash, 0, nonce ?? 0)).toBeUndefined()
  })
})

describe('buildIparo with a namespace', () => {
  const layout = { bits: 6, urlBits: 4 }

  it('grinds the root into the namespace of its URL key, its pieces unchanged', async () => {
    const store = new MemoryBlockStore()
    const pieces = [await payloadPiece(store, 'hello')]
    const plain = await buildIparo(mementoHeader(), pieces, store)
    const ground = await buildIparo(mementoHeader(), pieces, store, { layout, grind: inlineGrinder(hash) })
    const prefix = await namespacePrefix(layout, namespaceKey(ground.header))
    expect(hasPrefix(ground.cid.multihash.digest, prefix)).toBe(true)
    const decoded = decodeIparo(ground.cid, ground.bytes)
    expect(decoded.header.namespace).toEqual({ layout: 1, ...layout })
    expect(decoded.pieces).toEqual(decodeIparo(plain.cid, plain.bytes).pieces)
    expect(plain.header.namespace).toBeUndefined()
    // the same IPARO always grinds to the same CID
    expect((await buildIparo(mementoHeader(), pieces, store, { layout, grind: inlineGrinder(hash) })).cid.equals(ground.cid)).toBe(true)
    expect(await namespaceClaimHolds(ground.cid, decoded.header)).toBe(true)
    expect(await namespaceClaimHolds(ground.cid, decoded.header, layout)).toBe(true)
  })

  it('does not take a claim as is: another layout, another URL, no claim, another hash', async () => {
    const store = new MemoryBlockStore()
    const pieces = [await payloadPiece(store, 'hello')]
    const ground = await buildIparo(mementoHeader(), pieces, store, { layout, grind: inlineGrinder(hash) })
    const header = decodeIparo(ground.cid, ground.bytes).header
    expect(await namespaceClaimHolds(ground.cid, header, { bits: 6, urlBits: 5 })).toBe(false)
    const { namespace, ...unclaimed } = header
    expect(namespace).toBeDefined()
    expect(await namespaceClaimHolds(ground.cid, unclaimed)).toBe(false)
    // its bytes claim another URL (whose prefix differs from this one's in its 4 URL bits)
    const others = ['http://example.org/', 'http://example.net/', 'http://example.edu/', 'http://example.info/', 'http://example.biz/']
    const mine = await namespacePrefix(layout, namespaceKey(header))
    const other = (await Promise.all(others.map(async uri => ({ uri, p: await namespacePrefix(layout, surt(uri)) })))).find(o => !o.p.bytes.every((b, i) => b === mine.bytes[i]))
    expect(other).toBeDefined()
    expect(await namespaceClaimHolds(ground.cid, { ...header, uri: other?.uri ?? '' })).toBe(false)
    const { cid } = await buildIparo(mementoHeader(), pieces, store)
    expect(await namespaceClaimHolds(cid, header)).toBe(false)
    const sha512 = CID.createV1(ground.cid.code, { ...ground.cid.multihash, code: 0x13 })
    expect(await namespaceClaimHolds(sha512, header)).toBe(false)
  })

  it('refuses a grinder that returns other bytes, or bytes outside the namespace', async () => {
    const store = new MemoryBlockStore()
    const pieces = [await payloadPiece(store, 'hello')]
    const inline = inlineGrinder(hash)
    const liars: NonceGrinder[] = [
      async (root) => root,
      async (root, nonceAt, prefix) => { const out = await inline(root, nonceAt, prefix); out[0] = (out[0] ?? 0) ^ 1; return out },
      async (root, nonceAt, prefix) => (await inline(root, nonceAt, prefix)).subarray(1)
    ]
    for (const grind of liars) {
      await expect(buildIparo(mementoHeader(), pieces, store, { layout, grind })).rejects.toThrow(NamespaceGrindError)
    }
  })

  it('stops an inline grind when its signal aborts', async () => {
    const controller = new AbortController()
    controller.abort(new Error('stop'))
    const store = new MemoryBlockStore()
    const grind = inlineGrinder(hash, controller.signal)
    const err = await buildIparo(mementoHeader(), [], store, { layout, grind }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(NamespaceGrindError)
    expect((err as Error).cause).toEqual(new Error('stop'))
  })
})

describe('namespace claims in headers and manifests', () => {
  it('validateHeader accepts a well-formed claim and refuses a malformed one', () => {
    const ok = { ...mementoHeader(), pieces: [], namespace: { layout: 1, bits: 6, urlBits: 10 } }
    expect(validateHeader(ok).namespace).toEqual({ layout: 1, bits: 6, urlBits: 10 })
    for (const namespace of [null, 6, [], { bits: 6, urlBits: 10 }, { layout: 2, bits: 6, urlBits: 10 }, { layout: 1, bits: 33, urlBits: 0 },
      { layout: 1, bits: 20, urlBits: 13 }, { layout: 1, bits: -1, urlBits: 0 }, { layout: 1, bits: '6', urlBits: 10 }, { layout: 1, bits: 6 }]) {
      expect(() => validateHeader({ ...ok, namespace }), JSON.stringify(namespace)).toThrow(/namespace is malformed/)
    }
  })
  it('readArchiveRoot reads a manifest\'s layout and refuses a malformed one', async () => {
    const store = new MemoryBlockStore()
    const urls = CID.createV1(raw.code, await sha256.digest(new Uint8Array([1])))
    const root = (namespace: unknown): ArchiveRoot => ({
      type: 'iparo-archive', version: 1, manifest: { ...manifest, namespace } as ArchiveRoot['manifest'], urls, log: null, counts: { urls: 0, mementos: 0 }
    })
    const good = await writeArchiveRoot(store, root({ layout: 1, bits: 6, urlBits: 10 }))
    expect((await readArchiveRoot(store, good)).manifest.namespace).toEqual({ layout: 1, bits: 6, urlBits: 10 })
    for (const namespace of [null, 'x', { layout: 2, bits: 6, urlBits: 10 }, { layout: 1, bits: 40, urlBits: 0 }, { layout: 1, bits: 6 }]) {
      const cid = await writeArchiveRoot(store, root(namespace))
      await expect(readArchiveRoot(store, cid), JSON.stringify(namespace)).rejects.toThrow(ArchiveError)
    }
  })
  it('leaves the IPAROs of an archive without a layout as they were before namespaces existed', async () => {
    // the CIDs the ingest gave 5mementos.warc's mementos before section 9 of the format was written
    const before = [
      'bafybeifex7p3hf74dcqxwmhrfk7dchzwt6bydzlgwthy3cv3wkdlc3t6fm', 'bafybeibnx3vrcz7ywdhgqqavaycy7cc4ockcvedvsuz2hxpaxuccy5jlaq',
      'bafybeiexo2lyauvkwgaxihjuzwdfyab34q7jj53ba66lcxfbfb6ohsid2y', 'bafybeiexyma7kmz2dkcthcktnlt74ojprg67f5mkzq6h6jlfc4f2ife57i',
      'bafybeicyp75rxpaxmzmu2qpihzrlnnynzqtst27skszopohqi6tmsqredy', 'bafybeigdck2z6jnyxfzc3mae2tyavvg5pe4i5oajalgqy7dfurmagnvhm4',
      'bafybeickgdpqtuxlhtkdp7b3nwktgs2znfvv3yspacjd2cammwwy2iweme'
    ]
    const result = await ingestFixtures(new MemoryBlockStore(), ['ipwb/5mementos.warc'])
    expect(result.summary.iparos.map(i => i.cid)).toEqual(before)
    expect(result.root.manifest.namespace).toBeUndefined()
  })
})

