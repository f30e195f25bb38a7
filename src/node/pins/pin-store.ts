import { randomUUID } from 'node:crypto'
import { join } from 'node:path'
import { Key } from 'interface-datastore'
import { CID } from 'multiformats/cid'
import { NotFoundError } from '../../core/errors.ts'
import type { EmbeddedStore } from '../embedded-store.ts'
import { FolderLock } from '../folder-lock.ts'

export type PinStatus = 'queued' | 'pinning' | 'pinned' | 'failed'

export interface PinRecord {
  requestid: string
  cid: string
  name?: string
  origins: string[]
  meta: Record<string, string>
  status: PinStatus
  /** ISO 8601, when the pin was requested (the spec's `created`) */
  created: string
  /** who asked: the Pinning Service API (`POST /pinning/pins`) or a Kubo-RPC `dag/import` */
  source: 'pinning-api' | 'dag-import'
  info?: Record<string, string>
}

export interface NewPin {
  cid: CID
  name?: string
  origins?: string[]
  meta?: Record<string, string>
  source: PinRecord['source']
  status?: PinStatus
}

const PREFIX = '/iparo/pins/'
const enc = new TextEncoder()
const dec = new TextDecoder()
const pinKey = (requestid: string): Key => new Key(PREFIX + requestid)

let lastCreated = 0
/** Strictly increasing in this process, so pins added in one millisecond still list in the order added. */
function nextCreated (): string {
  lastCreated = Math.max(Date.now(), lastCreated + 1)
  return new Date(lastCreated).toISOString()
}

/**
 * The node's pins: one datastore entry per pin request (`/iparo/pins/<requestid>`), so adding a pin
 * never rewrites another and takes no lock. Changes to an existing pin (status, removal) are
 * read-modify-write under `lock` (`pins.lock` in the data folder, held for milliseconds, shared with
 * other processes), so a status set by the worker never resurrects a pin a DELETE removed.
 * `gcLock` (`pins-gc.lock`) is held by `iparo gc` for its whole run and by the pin worker while it
 * checks a DAG is whole and marks it `pinned`: a block gc deletes meanwhile is fetched again, never
 * missed. Nothing else waits for gc.
 */
export class PinStore {
  readonly lock: FolderLock
  readonly gcLock: FolderLock

  constructor (private readonly store: EmbeddedStore) {
    this.lock = new FolderLock(join(store.dir, 'pins.lock'))
    this.gcLock = new FolderLock(join(store.dir, 'pins-gc.lock'))
  }

  async add (pin: NewPin): Promise<PinRecord> {
    const record: PinRecord = {
      requestid: randomUUID(),
      cid: pin.cid.toString(),
      ...(pin.name != null ? { name: pin.name } : {}),
      origins: [...(pin.origins ?? [])],
      meta: { ...(pin.meta ?? {}) },
      status: pin.status ?? 'queued',
      created: nextCreated(),
      source: pin.source
    }
    await this.write(record)
    return record
  }

  async get (requestid: string): Promise<PinRecord | undefined> {
    if (!isRequestId(requestid)) return undefined
    try {
      return parse(await this.store.datastore.get(pinKey(requestid)))
    } catch (err) {
      if ((err as Error).name === 'NotFoundError') return undefined
      throw err
    }
  }

  /** Every pin, oldest first (ties by requestid, so the order is stable). */
  async list (): Promise<PinRecord[]> {
    const out: PinRecord[] = []
    for await (const { value } of this.store.datastore.query({ prefix: PREFIX })) {
      const record = parse(value)
      if (record != null) out.push(record)
    }
    return out.sort((a, b) => a.created.localeCompare(b.created) || a.requestid.localeCompare(b.requestid))
  }

  /** NotFoundError when the pin was removed meanwhile (a DELETE while the worker fetched it). */
  async update (requestid: string, patch: Partial<Pick<PinRecord, 'status' | 'info'>>): Promise<PinRecord> {
    return this.lock.run(async () => {
      const held = await this.get(requestid)
      if (held == null) throw new NotFoundError(`no pin with requestid ${requestid}`)
      const next: PinRecord = { ...held, ...(patch.status != null ? { status: patch.status } : {}), ...(patch.info != null ? { info: { ...patch.info } } : {}) }
      await this.write(next)
      return next
    })
  }

  async remove (requestid: string): Promise<boolean> {
    if (!isRequestId(requestid)) return false
    return this.lock.run(async () => {
      if (await this.get(requestid) == null) return false
      await this.store.datastore.delete(pinKey(requestid))
      return true
    })
  }

  /** The CIDs of every pin not failed, each once: `iparo gc` keeps every block they reach. */
  async roots (): Promise<CID[]> {
    const seen = new Map<string, CID>()
    for (const pin of await this.list()) {
      if (pin.status === 'failed') continue
      try {
        const cid = CID.parse(pin.cid)
        seen.set(cid.toString(), cid)
      } catch {
        // add() only stores parsed CIDs; an entry that does not parse was not written by it
      }
    }
    return [...seen.values()]
  }

  private async write (record: PinRecord): Promise<void> {
    await this.store.datastore.put(pinKey(record.requestid), enc.encode(JSON.stringify(record)))
  }
}

/** A requestid is ours (a UUID); anything else names no pin and must never become a datastore key. */
function isRequestId (value: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value)
}

function parse (bytes: Uint8Array): PinRecord | undefined {
  try {
    const value = JSON.parse(dec.decode(bytes)) as PinRecord
    return typeof value.requestid === 'string' && typeof value.cid === 'string' ? value : undefined
  } catch {
    return undefined
  }
}
