import { sha256 } from 'multiformats/hashes/sha2'
import { describe, expect, it } from 'vitest'
import { WarcHeaders } from '../warc/warc-headers.ts'
import { decodeHeaderRecord, encodeHeaderRecord } from './header-record.ts'
import { IPARO_FORMAT_VERSION, IPARO_HEADER_MEDIA_TYPE, type IparoHeader } from './iparo-header.ts'

const hex = (bytes: Uint8Array): string => Array.from(bytes, b => b.toString(16).padStart(2, '0')).join('')

/** The record as the format describes it, built with the WARC header writer (what encodeHeaderRecord wrote before). */
async function expected (header: IparoHeader): Promise<Uint8Array> {
  const json = new TextEncoder().encode(JSON.stringify(header))
  const digest = (await sha256.digest(json)).digest
  const fields: Array<[string, string]> = [
    ['WARC-Type', 'metadata'],
    ['WARC-Record-ID', `<urn:iparo:header:${hex(digest.subarray(0, 16))}>`],
    ['WARC-Date', header.datetime],
    ['WARC-Target-URI', header.uri]
  ]
  if (header.record.id != null) fields.push(['WARC-Refers-To', header.record.id])
  fields.push(['Content-Type', `${IPARO_HEADER_MEDIA_TYPE}; version=${IPARO_FORMAT_VERSION}`], ['Content-Length', String(json.byteLength)])
  const head = new WarcHeaders(fields).toBytes('WARC/1.1')
  return new Uint8Array([...head, ...json, 13, 10, 13, 10])
}

function header (uri: string, id?: string): IparoHeader {
  return {
    iparo: 1, type: 'memento', uri, datetime: '2024-05-06T07:08:09Z', status: 200, method: 'GET', title: 'Ünïcode “title”',
    record: { type: 'response', warc: 'WARC/1.0', date: '2024-05-06T07:08:09Z', ...(id != null ? { id } : {}) },
    digests: {}, seq: 0, links: [], pieces: []
  }
}

describe('encodeHeaderRecord', () => {
  it('writes the metadata record with and without WARC-Refers-To, for non-ASCII URIs too, and reads back', async () => {
    for (const h of [header('http://example.com/'), header('http://example.com/é?q=ü', '<urn:uuid:1>')]) {
      const bytes = await encodeHeaderRecord(h)
      expect(bytes).toEqual(await expected(h))
      expect(decodeHeaderRecord(bytes)).toEqual(h)
    }
  })
})
