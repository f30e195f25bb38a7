import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { memorySource } from './byte-source.ts'
import { derSignatureToRaw } from './der.ts'
import { checkDigest } from './digest-signature.ts'
import { openZip } from './zip-archive.ts'

const fixture = (name: string): Uint8Array => new Uint8Array(readFileSync(new URL(`../../../../../shared/fixtures/${name}`, import.meta.url)))
const utf8 = (s: string): Uint8Array<ArrayBuffer> => new TextEncoder().encode(s)

/** r‖s as DER: SEQUENCE of two INTEGERs, each with a 0x00 in front when its top bit is set. */
function toDer (raw: Uint8Array): Uint8Array {
  const int = (b: Uint8Array): number[] => {
    let v = [...b]
    while (v.length > 1 && v[0] === 0) v = v.slice(1)
    if ((v[0] ?? 0) >= 0x80) v = [0, ...v]
    return [0x02, v.length, ...v]
  }
  const half = raw.length / 2
  const body = [...int(raw.subarray(0, half)), ...int(raw.subarray(half))]
  return new Uint8Array([0x30, body.length, ...body])
}

/**
 * Domain signing as a Python signer (authsign) does it: a DER signature, by the key of the domain's
 * certificate, of the hash string. Made with `openssl req -x509 -newkey ec -pkeyopt
 * ec_paramgen_curve:P-384 … -subj /CN=signer.example` and `printf %s "$HASH" | openssl dgst -sha256
 * -sign key.pem` (the key was thrown away).
 */
const DOMAIN_CERT = `-----BEGIN CERTIFICATE-----
MIIBxTCCAUqgAwIBAgIUGOBiBPKgC/TMqqmomF2JJ1p+EOkwCgYIKoZIzj0EAwIw
GTEXMBUGA1UEAwwOc2lnbmVyLmV4YW1wbGUwHhcNMjYxMjA3MTg0OTQ2WhcNMzYx
MjA0MTg0OTQ2WjAZMRcwFQYDVQQDDA5zaWduZXIuZXhhbXBsZTB2MBAGByqGSM49
AgEGBSuBBAAiA2IABMSB+YR1cij4ccE6+ShRfIdc9kFEzBlxE74dRuZE9dtWgRci
tkNC0GuPW+vct9bVeDr8Nxc60WLKSZwFIzonR7lthx8A+gdA7bI6L24Sbf5Nt3iF
Vhjk7cv7ncCLZT++p6NTMFEwHQYDVR0OBBYEFD8znWc5DVN0R1kSrXcrUTpG335S
MB8GA1UdIwQYMBaAFD8znWc5DVN0R1kSrXcrUTpG335SMA8GA1UdEwEB/wQFMAMB
Af8wCgYIKoZIzj0EAwIDaQAwZgIxAJ8BFlF5iynylTX/ImUtODQfNd9TwlG3U3Bf
GtZ2cmd2zG6lMMvkjYHzdafarvdutQIxAOxvPG7mD1TctN8rHiwCOC9N6XSXrdAW
9xUHSL3PmYnnVY80QlnZUAwF+h3Fr9D3UQ==
-----END CERTIFICATE-----`
const DOMAIN_SIGNATURE = 'MGUCMB4VKnCnbjZ3Atynzdzk3I99g2D24jQO5pG0Q9VKalUCg35Qj9NczuNol8vDRp1njAIxAPBCYScwmQNy0GX/oBdwAWu8fnGhz8ro71wApqgMlDJ46JtANxAki44947NxOHAlAQ=='
const DOMAIN_HASH = 'sha256:6ccd51ba1a0ccb19c50394b3f6b7269b708ce8da4ad06750d0f5a0c9f748f2ff'

describe('checkDigest', () => {
  it('verifies the signature ArchiveWeb.page made (anonymous, P-384)', async () => {
    const zip = await openZip(memorySource(fixture('real/replayweb.page__iframetest.wacz')))
    const check = await checkDigest(await zip.bytes('datapackage-digest.json'), await zip.bytes('datapackage.json'))
    expect(check).toEqual({ signature: 'valid', signer: 'sha256:9db4b67c364537d6d9a8d619824848956a7207454adc52fe351d151bb96772ce' })
    const changed = await zip.bytes('datapackage.json')
    changed[10] = (changed[10] ?? 0) ^ 1
    expect(await checkDigest(await zip.bytes('datapackage-digest.json'), changed)).toMatchObject({ signature: 'invalid', hashMatches: false })
  })

  it('takes a DER signature (as Python signers write it) as well as r‖s', async () => {
    const keys = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-384' }, true, ['sign', 'verify'])
    const datapackage = utf8('{"resources": []}')
    const hash = `sha256:${Buffer.from(await crypto.subtle.digest('SHA-256', datapackage)).toString('hex')}`
    const raw = new Uint8Array(await crypto.subtle.sign({ name: 'ECDSA', hash: 'SHA-256' }, keys.privateKey, utf8(hash)))
    expect(derSignatureToRaw(toDer(raw), 48)).toEqual(raw)
    const publicKey = Buffer.from(await crypto.subtle.exportKey('spki', keys.publicKey)).toString('base64')
    const digest = (signature: Uint8Array): Uint8Array => utf8(JSON.stringify({ path: 'datapackage.json', hash, signedData: { hash, signature: Buffer.from(signature).toString('base64'), publicKey } }))
    expect(await checkDigest(digest(toDer(raw)), datapackage)).toMatchObject({ signature: 'valid' })
    expect(await checkDigest(digest(raw.map(b => b ^ 1)), datapackage)).toMatchObject({ signature: 'invalid' })
  })

  it('verifies a domain signature with the key of the first certificate of domainCert', async () => {
    const datapackage = utf8('{"resources": []}')
    const digest = (signature: string): Uint8Array => utf8(JSON.stringify({ path: 'datapackage.json', hash: DOMAIN_HASH, signedData: { hash: DOMAIN_HASH, signature, domain: 'signer.example', domainCert: DOMAIN_CERT, created: '2026-12-07T18:49:46Z' } }))
    expect(await checkDigest(digest(DOMAIN_SIGNATURE), datapackage)).toEqual({ signature: 'valid', signer: 'signer.example' })
    const other = Buffer.from(DOMAIN_SIGNATURE, 'base64')
    other[10] = (other[10] ?? 0) ^ 1
    expect(await checkDigest(digest(other.toString('base64')), datapackage)).toMatchObject({ signature: 'invalid', signer: 'signer.example' })
  })

  it('says absent without a digest, and invalid for a digest that is not JSON', async () => {
    expect(await checkDigest(undefined, utf8('{}'))).toEqual({ signature: 'absent' })
    expect(await checkDigest(utf8('{'), utf8('{}'))).toMatchObject({ signature: 'invalid' })
  })
})
