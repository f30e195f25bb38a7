import { randomBytes } from 'node:crypto'
import { chmod, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { generateKeyPair, privateKeyFromProtobuf, privateKeyToProtobuf, publicKeyToProtobuf } from '@libp2p/crypto/keys'
import type { PrivateKey } from '@libp2p/interface'
import { Key } from 'interface-datastore'
import { equals } from 'uint8arrays/equals'
import { unmarshalIPNSRecord } from 'ipns'
import { CID } from 'multiformats/cid'
import { readArchiveRoot, writeArchiveRoot, type ArchiveRoot } from '../core/archive/archive-root.ts'
import { UrlMap } from '../core/url-map/url-map.ts'
import { ArchiveError, NotFoundError, StaleIpnsRecordError } from '../core/errors.ts'
import { ARCHIVE_FORMAT_VERSION } from '../core/archive/archive-root.ts'
import { checkArchiveName } from '../core/naming/archive-name.ts'
import { createArchiveRecord, ipnsNameOf, isIpnsName, validateArchiveRecord } from '../core/naming/ipns-name.ts'
import type { EmbeddedStore } from './embedded-store.ts'
import { newManifest } from './new-manifest.ts'

export interface ArchiveRecord {
  name: string
  ipns: string
  root: string
  created: string
}

const enc = new TextEncoder()
const dec = new TextDecoder()
const archiveKey = (name: string): Key => new Key(`/iparo/archives/${name.toLowerCase()}`)
const ipnsKey = (ipns: string): Key => new Key(`/iparo/ipns/${ipns}`)
const dnslinkKey = (domain: string): Key => new Key(`/iparo/dnslink/${domain.toLowerCase()}`)
const DOMAIN = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i

/**
 * The local names of archives: which root each name points at, its signing key (a 0600 file in the
 * data folder, never printed), and its latest signed IPNS record. Everything else lives in blocks.
 * Every method that changes them holds the store's archives lock (and the IPNS lock around a record's
 * compare-and-set), so writers in other processes never overwrite each other's work; reads take none.
 */
export class ArchiveRegistry {
  constructor (private readonly store: EmbeddedStore) {}

  private keyFile (name: string): string {
    return join(this.store.dir, 'keys', `${name.toLowerCase()}.key`)
  }

  async list (): Promise<ArchiveRecord[]> {
    const out: ArchiveRecord[] = []
    for await (const { value } of this.store.datastore.query({ prefix: '/iparo/archives/' })) out.push(JSON.parse(dec.decode(value)) as ArchiveRecord)
    return out.sort((a, b) => a.name.localeCompare(b.name))
  }

  async get (name: string): Promise<ArchiveRecord | undefined> {
    try {
      return JSON.parse(dec.decode(await this.store.datastore.get(archiveKey(name)))) as ArchiveRecord
    } catch (err) {
      if ((err as Error).name === 'NotFoundError') return undefined
      throw err
    }
  }

  async require (name: string): Promise<ArchiveRecord> {
    const record = await this.get(name)
    if (record == null) throw new NotFoundError(`no archive named ${JSON.stringify(name)} here (see \`iparo archive list\`)`)
    return record
  }

  /**
   * A new archive: a fresh Ed25519 key, an empty root, and its first IPNS record. The local name is
   * stored last: a crash before it leaves no archive (an unused key file and record at most).
   */
  async create (name: string, info: { title?: string, description?: string } = {}, now = new Date()): Promise<ArchiveRecord> {
    checkArchiveName(name)
    return this.store.locks.archives.run(async () => {
      // checked under the lock: of two racing creators, the second sees the first one's archive
      if (await this.get(name) != null) throw new ArchiveError(`an archive named ${JSON.stringify(name)} already exists`)
      return this.createLocked(name, info, now)
    })
  }

  private async createLocked (name: string, info: { title?: string, description?: string }, now: Date): Promise<ArchiveRecord> {
    const key = await generateKeyPair('Ed25519')
    await this.writeKey(name, key)
    const root: ArchiveRoot = {
      type: 'iparo-archive',
      version: ARCHIVE_FORMAT_VERSION,
      manifest: newManifest({ title: info.title ?? name, description: info.description ?? '', publicKey: publicKeyToProtobuf(key.publicKey) }, now),
      urls: (await UrlMap.empty(this.store.blocks)).root,
      log: null,
      counts: { urls: 0, mementos: 0 }
    }
    const record: ArchiveRecord = { name, ipns: ipnsNameOf(key), root: (await writeArchiveRoot(this.store.blocks, root)).toString(), created: root.manifest.created }
    await this.store.blockstore.sync()
    await this.publishRoot(record, key)
    await this.save(record)
    return record
  }

  /**
   * Points the name at a new root and publishes a new IPNS record (sequence + 1). A caller that read
   * the root it built on must hold the archives lock since reading it (`store.locks.archives`), or
   * another writer's root in between would be replaced and its work lost.
   */
  async setRoot (name: string, root: CID): Promise<ArchiveRecord> {
    return this.store.locks.archives.run(async () => {
      const record = { ...(await this.require(name)), root: root.toString() }
      await this.save(record)
      await this.publishRoot(record, await this.readKey(name))
      return record
    })
  }

  async root (name: string): Promise<{ cid: CID, root: ArchiveRoot }> {
    const cid = CID.parse((await this.require(name)).root)
    return { cid, root: await readArchiveRoot(this.store.blocks, cid) }
  }

  /**
   * Signs and stores a record for the archive's current root, with a sequence above the last one;
   * `lifetimeMs` (default RECORD_LIFETIME_MS) is the republisher's (src/node/publish/republisher.ts).
   */
  async publish (name: string, options: { lifetimeMs?: number } = {}): Promise<{ ipns: string, sequence: bigint, record: Uint8Array }> {
    return this.store.locks.archives.run(async () => {
      const record = await this.require(name)
      return this.publishRoot(record, await this.readKey(name), options.lifetimeMs)
    })
  }

  /** The compare-and-set under the IPNS lock: a record received meanwhile (PUT) is never undercut. */
  private async publishRoot (record: ArchiveRecord, key: PrivateKey, lifetimeMs?: number): Promise<{ ipns: string, sequence: bigint, record: Uint8Array }> {
    return this.store.locks.ipns.run(async () => {
      const last = await this.ipnsRecord(record.ipns)
      const sequence = last == null ? 0n : (await heldSequence(record.ipns, last)) + 1n
      const bytes = await createArchiveRecord(key, CID.parse(record.root), sequence, lifetimeMs)
      await this.store.datastore.put(ipnsKey(record.ipns), bytes)
      return { ipns: record.ipns, sequence, record: bytes }
    })
  }

  /** The stored (marshalled) IPNS record for a name, unvalidated. */
  async ipnsRecord (ipns: string): Promise<Uint8Array | undefined> {
    try {
      return await this.store.datastore.get(ipnsKey(ipns))
    } catch (err) {
      if ((err as Error).name === 'NotFoundError') return undefined
      throw err
    }
  }

  /** Stores a record received from elsewhere, if it is valid and newer than the one held. */
  async acceptIpnsRecord (ipns: string, bytes: Uint8Array): Promise<void> {
    const incoming = await validateArchiveRecord(ipns, bytes)
    // Read, compare and write as one step, against other requests and other processes' publishes.
    await this.store.locks.ipns.run(async () => {
      const held = await this.ipnsRecord(ipns)
      if (held != null && (await heldSequence(ipns, held)) >= incoming.sequence) {
        throw new StaleIpnsRecordError(`the IPNS record for ${ipns} is not newer than the one held`)
      }
      await this.store.datastore.put(ipnsKey(ipns), bytes)
    })
  }

  /**
   * A DNSLink-style name this node answers for (`example.org` → `/ipns/k51…` or `/ipfs/<root>`), as a
   * `_dnslink` TXT record would say; kept locally because a node on loopback has no DNS to ask.
   */
  async setDnslink (domain: string, target: string): Promise<{ domain: string, target: string }> {
    if (!DOMAIN.test(domain)) throw new ArchiveError(`${JSON.stringify(domain)} is not a domain name`)
    return this.store.locks.archives.run(async () => {
      const resolved = await this.resolve(target)
      const value = resolved.ipns != null ? `/ipns/${resolved.ipns}` : `/ipfs/${resolved.rootCid.toString()}`
      await this.store.datastore.put(dnslinkKey(domain), enc.encode(value))
      return { domain: domain.toLowerCase(), target: value }
    })
  }

  async dnslinks (): Promise<Array<{ domain: string, target: string }>> {
    const out: Array<{ domain: string, target: string }> = []
    for await (const { key, value } of this.store.datastore.query({ prefix: '/iparo/dnslink/' })) out.push({ domain: key.baseNamespace(), target: dec.decode(value) })
    return out.sort((a, b) => a.domain.localeCompare(b.domain))
  }

  private async dnslink (domain: string): Promise<string | undefined> {
    if (!DOMAIN.test(domain)) return undefined
    try {
      return dec.decode(await this.store.datastore.get(dnslinkKey(domain)))
    } catch (err) {
      if ((err as Error).name === 'NotFoundError') return undefined
      throw err
    }
  }

  /**
   * An archive reference as a user types it: a local name, an IPNS name (its record must be held and
   * valid), a DNSLink-style name set here, or a root CID.
   */
  async resolve (ref: string, viaDnslink = false): Promise<{ rootCid: CID, name?: string, ipns?: string }> {
    const bare = ref.replace(/^ipns:\/\//, '').replace(/^\/ipns\//, '').replace(/^ipfs:\/\//, '').replace(/^\/ipfs\//, '')
    // one hop only: a DNSLink name pointing at another is refused rather than followed in circles
    const link = viaDnslink ? undefined : await this.dnslink(bare)
    if (link != null && await this.get(bare) == null) return this.resolve(link, true)
    if (isIpnsName(bare)) {
      const bytes = await this.ipnsRecord(bare)
      if (bytes == null) throw new NotFoundError(`no IPNS record for ${bare} is held here`)
      return { rootCid: (await validateArchiveRecord(bare, bytes)).value, ipns: bare }
    }
    const local = /^[a-z0-9][a-z0-9._-]*$/i.test(bare) ? await this.get(bare) : undefined
    if (local != null) return { rootCid: CID.parse(local.root), name: local.name, ipns: local.ipns }
    try {
      return { rootCid: CID.parse(bare) }
    } catch {
      throw new NotFoundError(`${JSON.stringify(ref)} is not a local archive, an IPNS name held here, or a CID`)
    }
  }

  async exportKey (name: string): Promise<Uint8Array> {
    await this.require(name)
    return privateKeyToProtobuf(await this.readKey(name))
  }

  /** Adopts an archive key exported elsewhere; the archive's blocks arrive separately (CAR import). */
  async importKey (name: string, bytes: Uint8Array, root: CID): Promise<ArchiveRecord> {
    checkArchiveName(name)
    return this.store.locks.archives.run(async () => {
      if (await this.get(name) != null) throw new ArchiveError(`an archive named ${JSON.stringify(name)} already exists`)
      return this.importKeyLocked(name, bytes, root)
    })
  }

  private async importKeyLocked (name: string, bytes: Uint8Array, root: CID): Promise<ArchiveRecord> {
    let key: PrivateKey
    try {
      key = privateKeyFromProtobuf(bytes)
    } catch (err) {
      throw new ArchiveError('not an exported archive key', { cause: err })
    }
    const archive = await readArchiveRoot(this.store.blocks, root)
    if (!equals(archive.manifest.publicKey, publicKeyToProtobuf(key.publicKey))) throw new ArchiveError(`the key does not belong to the archive at ${root.toString()}`)
    await this.writeKey(name, key)
    const record: ArchiveRecord = { name, ipns: ipnsNameOf(key), root: root.toString(), created: archive.manifest.created }
    await this.store.blockstore.sync()
    await this.publishRoot(record, key)
    await this.save(record)
    return record
  }

  private async save (record: ArchiveRecord): Promise<void> {
    // The commit point: the blocks this record points at must be on disk before the pointer is.
    await this.store.blockstore.sync()
    await this.store.datastore.put(archiveKey(record.name), enc.encode(JSON.stringify(record)))
  }

  private async writeKey (name: string, key: PrivateKey): Promise<void> {
    await mkdir(join(this.store.dir, 'keys'), { recursive: true, mode: 0o700 })
    const file = this.keyFile(name)
    // A name of its own: a crashed writer's leftover never collides with this one.
    const aside = `${file}.${process.pid}-${randomBytes(6).toString('hex')}.tmp`
    try {
      await writeFile(aside, privateKeyToProtobuf(key), { mode: 0o600 })
      await chmod(aside, 0o600)
      await rename(aside, file)
    } catch (err) {
      await rm(aside, { force: true })
      throw err
    }
  }

  private async readKey (name: string): Promise<PrivateKey> {
    try {
      return privateKeyFromProtobuf(new Uint8Array(await readFile(this.keyFile(name))))
    } catch (err) {
      throw new ArchiveError(`the key of archive ${JSON.stringify(name)} cannot be read`, { cause: err })
    }
  }
}

/**
 * A held record's sequence, expired or not: it was valid when stored, and whatever replaces it must
 * exceed it (else an old long-lived record could be replayed over a newer one that expired).
 */
async function heldSequence (ipns: string, bytes: Uint8Array): Promise<bigint> {
  try {
    return (await validateArchiveRecord(ipns, bytes)).sequence
  } catch (err) {
    try {
      return unmarshalIPNSRecord(bytes).sequence
    } catch {
      throw err
    }
  }
}
