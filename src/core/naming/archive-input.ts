import { base36 } from 'multiformats/bases/base36'
import { base58btc } from 'multiformats/bases/base58'
import { CID } from 'multiformats/cid'
import * as Digest from 'multiformats/hashes/digest'
import { InvalidInputError } from '../errors.ts'

export type ArchiveKind = 'local' | 'ipns' | 'dnslink' | 'cid'

/** An archive as the app names it in its links: `id` is the first segment of `#/<id>/…`. */
export interface ArchiveRef {
  id: string
  kind: ArchiveKind
  /** what followed the archive in a pasted replay link (`<datetime>/<url>` or `<url>`), if anything */
  rest?: string
}

const LIBP2P_KEY = 0x72
const DOMAIN = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i
const LOCAL_NAME = /^[a-z0-9][a-z0-9._-]{0,62}$/i

/** A CID or an IPNS key in any spelling, as the kind it names; undefined when it is neither. */
function fromCidLike (text: string): ArchiveRef | undefined {
  let cid: CID | undefined
  try {
    if (/^12D3Koo|^Qm/.test(text) && /^[1-9A-HJ-NP-Za-km-z]+$/.test(text)) {
      const digest = Digest.decode(base58btc.decode(`z${text}`))
      // a base58 peer ID (12D3Koo…) is a key; a Qm… is a CIDv0 of content
      cid = text.startsWith('Qm') ? CID.createV0(digest as Parameters<typeof CID.createV0>[0]) : CID.createV1(LIBP2P_KEY, digest)
    } else if (/^[kb][a-z0-9]{20,}$/.test(text)) {
      cid = CID.parse(text, text.startsWith('k') ? base36 : undefined)
    }
  } catch {
    return undefined
  }
  if (cid == null) return undefined
  if (cid.code === LIBP2P_KEY) return { id: cid.toV1().toString(base36), kind: 'ipns' }
  return { id: cid.toV1().toString(), kind: 'cid' }
}

function named (name: string, via: 'ipns' | 'any'): ArchiveRef | undefined {
  const cidLike = fromCidLike(name)
  if (cidLike != null) return via === 'ipns' && cidLike.kind === 'cid' ? undefined : cidLike
  if (DOMAIN.test(name)) return { id: name.toLowerCase(), kind: 'dnslink' }
  if (via === 'any' && LOCAL_NAME.test(name)) return { id: name, kind: 'local' }
  return undefined
}

function withRest (ref: ArchiveRef, rest: string): ArchiveRef {
  return rest === '' ? ref : { ...ref, rest }
}

/**
 * What a person pasted to open an archive: an IPNS name (k51…, 12D3Koo…), a DNSLink-style domain, a
 * root CID, an `ipfs://` / `ipns://` URL, a gateway path `/ipfs/…` / `/ipns/…`, a local archive name,
 * or a link to a replay in this app (`…#/<archive>/<datetime>/<url>`), whose view it keeps.
 */
export function parseArchiveInput (input: string): ArchiveRef {
  const text = input.trim()
  if (text === '') throw new InvalidInputError('type an archive name, IPNS name, CID or ipfs:// / ipns:// URL')
  const fail = (): never => { throw new InvalidInputError(`${JSON.stringify(text)} is not an archive name, IPNS name, CID or ipfs:// / ipns:// URL`) }

  const scheme = /^(ipfs|ipns):\/\/([^/?#]+)\/?(.*)$/i.exec(text)
  if (scheme != null) {
    const ref = named(scheme[2] ?? '', scheme[1]?.toLowerCase() === 'ipns' ? 'ipns' : 'any')
    if (ref == null || (scheme[1]?.toLowerCase() === 'ipfs' && ref.kind !== 'cid')) return fail()
    return ref
  }
  const hash = text.indexOf('#/')
  if (/^https?:\/\//i.test(text) && hash >= 0) {
    // a link to this app: `#/<archive>[/<datetime>/<url>]`, or `#/<archive>?<search>` (kept as rest `?…`)
    const [, archive = '', rest = ''] = /^([^/?]*)\/?(.*)$/s.exec(text.slice(hash + 2)) ?? []
    const ref = named(decodeURIComponentSafe(archive), 'any')
    return ref == null ? fail() : withRest(ref, rest)
  }
  const path = /^(?:https?:\/\/[^/]+)?\/(ipfs|ipns)\/([^/?#]+)/i.exec(text)
  if (path != null) {
    const ref = named(path[2] ?? '', path[1]?.toLowerCase() === 'ipns' ? 'ipns' : 'any')
    return ref == null ? fail() : ref
  }
  return named(text, 'any') ?? fail()
}

function decodeURIComponentSafe (s: string): string {
  try {
    return decodeURIComponent(s)
  } catch {
    return s
  }
}
