import { peerIdFromCID, peerIdFromPrivateKey, peerIdFromString } from '@libp2p/peer-id'
import type { PrivateKey } from '@libp2p/interface'
import { createIPNSRecord, marshalIPNSRecord, multihashToIPNSRoutingKey, unmarshalIPNSRecord } from 'ipns'
import { ipnsValidator } from 'ipns/validator'
import { base36 } from 'multiformats/bases/base36'
import { CID } from 'multiformats/cid'
import { IpnsRecordError } from '../errors.ts'

/** Validity of published records: archives are long-lived, and offline readers rely on validity. */
export const RECORD_LIFETIME_MS = 10 * 365 * 24 * 3600 * 1000
/** How long a resolver may cache the record before asking again. */
export const RECORD_TTL_NS = 300n * 1_000_000_000n

/** The `k51…` name of an Ed25519 key (CIDv1, libp2p-key, base36), as Kubo prints it. */
export function ipnsNameOf (key: PrivateKey): string {
  return peerIdFromPrivateKey(key).toCID().toString(base36)
}

/** The routing key the record for `name` is stored and validated under. */
export function routingKeyOf (name: string): Uint8Array {
  try {
    const peer = peerIdFromString(name)
    return multihashToIPNSRoutingKey(peer.toMultihash() as Parameters<typeof multihashToIPNSRoutingKey>[0])
  } catch (err) {
    throw new IpnsRecordError(`not an IPNS name: ${JSON.stringify(name)}`, { cause: err })
  }
}

/**
 * The `k51…` form of a name given as any of its spellings: base36 (Kubo), base32 `bafz…` (what Helia's
 * routing client puts in URLs), or a base58 peer ID.
 */
export function canonicalIpnsName (value: string): string {
  try {
    if (/^(k|b)/.test(value)) return peerIdFromCID(CID.parse(value, value.startsWith('k') ? base36 : undefined)).toCID().toString(base36)
    return peerIdFromString(value).toCID().toString(base36)
  } catch (err) {
    throw new IpnsRecordError(`not an IPNS name: ${JSON.stringify(value)}`, { cause: err })
  }
}

export function isIpnsName (value: string): boolean {
  return /^k51[a-z0-9]{50,}$/.test(value) || /^12D3Koo[a-zA-Z0-9]{40,}$/.test(value)
}

/**
 * A signed record pointing the key's name at `root`, marshalled as the routing API carries it. The
 * lifetime is shorter only when a node is told so (`iparo serve --ipns-validity`, docs/publishing.md).
 */
export async function createArchiveRecord (key: PrivateKey, root: CID, seq: bigint, lifetimeMs = RECORD_LIFETIME_MS): Promise<Uint8Array> {
  const record = await createIPNSRecord(key, `/ipfs/${root.toString()}`, seq, lifetimeMs, { ttlNs: RECORD_TTL_NS })
  return marshalIPNSRecord(record)
}

export interface ValidatedRecord {
  value: CID
  sequence: bigint
  validity: string
}

/** The `ipns` validator's reasons, in the project's words (its own text stays in the cause, for logs). */
const REASONS: Record<string, string> = {
  SignatureVerificationError: 'its signature is not made by the name\'s key',
  InvalidEmbeddedPublicKeyError: 'the key it carries is not the name\'s',
  RecordExpiredError: 'it has expired',
  RecordTooLargeError: 'it is larger than an IPNS record may be',
  UnsupportedValidityError: 'its validity is of a kind IPNS does not define',
  InvalidRecordDataError: 'its fields disagree with its signed data',
  InvalidValueError: 'its value is not a path'
}

function invalidBecause (err: unknown): string {
  return (err instanceof Error ? REASONS[err.name] : undefined) ?? 'it cannot be decoded as an IPNS record'
}

/**
 * Checks a record for `name` (signature by the name's key, expiry, shape) and returns the root it points
 * at. Anything wrong is an IpnsRecordError: resolution then yields nothing, never a wrong root.
 */
export async function validateArchiveRecord (name: string, bytes: Uint8Array): Promise<ValidatedRecord> {
  try {
    await ipnsValidator(routingKeyOf(name), bytes)
  } catch (err) {
    if (err instanceof IpnsRecordError) throw err
    throw new IpnsRecordError(`the IPNS record for ${name} is not valid: ${invalidBecause(err)}`, { cause: err })
  }
  const record = unmarshalIPNSRecord(bytes)
  const m = /^\/ipfs\/([^/]+)$/.exec(record.value)
  if (m?.[1] == null) throw new IpnsRecordError(`the IPNS record for ${name} does not point at /ipfs/<cid>: ${record.value}`)
  try {
    return { value: CID.parse(m[1]), sequence: record.sequence, validity: record.validity }
  } catch (err) {
    throw new IpnsRecordError(`the IPNS record for ${name} holds no CID`, { cause: err })
  }
}
