import { generateKeyPair } from '@libp2p/crypto/keys'
import { peerIdFromPrivateKey } from '@libp2p/peer-id'
import { CID } from 'multiformats/cid'
import { describe, expect, it } from 'vitest'
import { InvalidInputError } from '../errors.ts'
import { parseArchiveInput } from './archive-input.ts'
import { ipnsNameOf } from './ipns-name.ts'

const ROOT = 'bafyreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy'

describe('what a person pastes to open an archive', () => {
  it('reads IPNS names in every spelling as the k51 name', async () => {
    const key = await generateKeyPair('Ed25519')
    const k51 = ipnsNameOf(key)
    const peer = peerIdFromPrivateKey(key)
    for (const text of [k51, ` ${k51} `, `ipns://${k51}`, `ipns://${k51}/`, `/ipns/${k51}`, `http://127.0.0.1:8080/ipns/${k51}/x`, peer.toString(), peer.toCID().toString()]) {
      expect(parseArchiveInput(text), text).toEqual({ id: k51, kind: 'ipns' })
    }
  })

  it('reads root CIDs (v0 and v1) as CIDv1, and refuses a CID where only a key makes sense', () => {
    for (const text of [ROOT, `ipfs://${ROOT}`, `/ipfs/${ROOT}`, `https://gw.example/ipfs/${ROOT}`]) {
      expect(parseArchiveInput(text), text).toEqual({ id: ROOT, kind: 'cid' })
    }
    expect(parseArchiveInput('QmWATWQ7fVPP2EFGu71UkfnqhYXDYH566qy47CnJDgvs8u')).toEqual({ id: CID.parse('QmWATWQ7fVPP2EFGu71UkfnqhYXDYH566qy47CnJDgvs8u').toV1().toString(), kind: 'cid' })
    expect(() => parseArchiveInput(`ipns://${ROOT}`)).toThrow(InvalidInputError)
  })

  it('reads domains as DNSLink-style names and the rest as local names', () => {
    expect(parseArchiveInput('ipns://Example.ORG')).toEqual({ id: 'example.org', kind: 'dnslink' })
    expect(parseArchiveInput('archive.example.org')).toEqual({ id: 'archive.example.org', kind: 'dnslink' })
    expect(parseArchiveInput('iana')).toEqual({ id: 'iana', kind: 'local' })
    expect(() => parseArchiveInput('ipfs://example.org')).toThrow(InvalidInputError)
  })

  it('keeps the view of a pasted app link', () => {
    expect(parseArchiveInput('http://127.0.0.1:8420/#/iana/20140126200624/http://www.iana.org/')).toEqual({ id: 'iana', kind: 'local', rest: '20140126200624/http://www.iana.org/' })
    expect(parseArchiveInput(`https://app.example/#/${ROOT}`)).toEqual({ id: ROOT, kind: 'cid' })
    // a shared search of the archive view keeps its query
    expect(parseArchiveInput('http://127.0.0.1:8420/#/iana?q=a%26b&sort=newest')).toEqual({ id: 'iana', kind: 'local', rest: '?q=a%26b&sort=newest' })
    expect(parseArchiveInput('http://127.0.0.1:8420/#/iana/?q=x')).toEqual({ id: 'iana', kind: 'local', rest: '?q=x' })
  })

  it('refuses what names no archive, with a message', () => {
    for (const text of ['', '   ', 'two words', 'ipfs://', 'ipns://not a name', '-x', 'https://example.org/page']) {
      expect(() => parseArchiveInput(text), text).toThrow(InvalidInputError)
    }
  })
})
