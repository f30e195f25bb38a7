import { generateKeyPair } from '@libp2p/crypto/keys'
import { createIPNSRecordWithExpiration, marshalIPNSRecord } from 'ipns'
import { CID } from 'multiformats/cid'
import { describe, expect, it } from 'vitest'
import { IpnsRecordError } from '../errors.ts'
import { checkArchiveName } from './archive-name.ts'
import { peerIdFromPrivateKey } from '@libp2p/peer-id'
import { canonicalIpnsName, createArchiveRecord, ipnsNameOf, isIpnsName, validateArchiveRecord } from './ipns-name.ts'

const root = CID.parse('bafyreiahgrqrcpglfnkrirhynunsfexigovjnn3j3qp2fbsuvz3ryhpcqe')

describe('archive names over IPNS', () => {
  it('signs a record whose name is a k51 string and which resolves to the root', async () => {
    const key = await generateKeyPair('Ed25519')
    const name = ipnsNameOf(key)
    expect(name).toMatch(/^k51/)
    expect(isIpnsName(name)).toBe(true)
    const record = await validateArchiveRecord(name, await createArchiveRecord(key, root, 7n))
    expect(record.value.equals(root)).toBe(true)
    expect(record.sequence).toBe(7n)
  })

  it('reads a name in any of its spellings as the k51 form', async () => {
    const key = await generateKeyPair('Ed25519')
    const name = ipnsNameOf(key)
    const peer = peerIdFromPrivateKey(key)
    for (const spelling of [name, peer.toCID().toString(), peer.toString()]) expect(canonicalIpnsName(spelling)).toBe(name)
    for (const bad of ['k51nope', root.toString(), '', 'hello']) expect(() => canonicalIpnsName(bad)).toThrow(IpnsRecordError)
  })

  it('rejects a malformed, altered, wrongly signed or expired record', async () => {
    const key = await generateKeyPair('Ed25519')
    const other = await generateKeyPair('Ed25519')
    const name = ipnsNameOf(key)
    const good = await createArchiveRecord(key, root, 1n)
    const altered = good.slice()
    altered[altered.length - 5] = (altered[altered.length - 5] ?? 0) ^ 1
    const expired = marshalIPNSRecord(await createIPNSRecordWithExpiration(key, `/ipfs/${root.toString()}`, 2n, '2001-01-01T00:00:00.000000000Z'))
    for (const bad of [new Uint8Array([1, 2, 3]), altered, await createArchiveRecord(other, root, 1n), expired]) {
      await expect(validateArchiveRecord(name, bad)).rejects.toBeInstanceOf(IpnsRecordError)
    }
    await expect(validateArchiveRecord('not-a-name', good)).rejects.toBeInstanceOf(IpnsRecordError)
  })

  it('refuses archive names that would shadow routes or look like CIDs and datetimes', () => {
    for (const bad of ['ipfs', 'IPNS', 'routing', 'api', 'assets', '_private', 'timemap', '20180101', 'a/b', '', 'k51qzi5uqu5djnx7107t0owz6tkjv8crk0xd61juvb18hten5l5e7jvtnater9']) {
      expect(() => checkArchiveName(bad), bad).toThrow()
    }
    for (const good of ['default', 'iana-2014', 'my.archive', 'A1']) expect(checkArchiveName(good)).toBe(good)
  })
})
