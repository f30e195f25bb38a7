import { join } from 'node:path'
import { LockedJsonFile } from '../locked-json-file.ts'

/** The last status this machine saw of one of its pins at a remote service (the settings page lists them). */
export interface RemotePinStatus {
  /** the service's local name */
  service: string
  endpoint: string
  cid: string
  /** the local archive name the pin was made for, when there is one */
  archive?: string
  requestid: string
  status: string
  /** ISO 8601: when this status was seen */
  updated: string
}

interface RemotePinsFile {
  version: 1
  pins: RemotePinStatus[]
}

const isRemotePinsFile = (v: unknown): v is RemotePinsFile => typeof v === 'object' && v != null &&
  Array.isArray((v as RemotePinsFile).pins) && (v as RemotePinsFile).pins.every(p => typeof p === 'object' && p != null &&
    typeof p.service === 'string' && typeof p.requestid === 'string' && typeof p.cid === 'string' && typeof p.status === 'string')

/** `remote-pins.json` in the data folder: no secrets in it, but it is this user's business (0600). */
function remotePinsFile (dataDir: string): LockedJsonFile<RemotePinsFile> {
  return new LockedJsonFile(join(dataDir, 'remote-pins.json'), () => ({ version: 1, pins: [] }), isRemotePinsFile, 0o600)
}

/** Every remote pin this machine made or listed, with the last status seen, newest first. */
export async function remotePinStatuses (dataDir: string): Promise<RemotePinStatus[]> {
  const pins = (await remotePinsFile(dataDir).read()).pins.map(p => ({ ...p }))
  return pins.sort((a, b) => b.updated.localeCompare(a.updated))
}

/** Records what was seen of pins (one per service and requestid: a later status replaces the earlier). */
export async function recordRemotePins (dataDir: string, seen: Array<Omit<RemotePinStatus, 'updated'>>): Promise<void> {
  if (seen.length === 0) return
  const updated = new Date().toISOString()
  await remotePinsFile(dataDir).change(file => {
    for (const pin of seen) {
      const held = file.pins.find(p => p.service === pin.service && p.requestid === pin.requestid)
      // a listing knows no archive name: the one recorded when the pin was made stays
      const archive = pin.archive ?? held?.archive
      const next: RemotePinStatus = { ...pin, ...(archive != null ? { archive } : {}), updated }
      if (held != null) Object.assign(held, next)
      else file.pins.push(next)
    }
  })
}

/** Forgets pins removed at their service. */
export async function forgetRemotePins (dataDir: string, service: string, requestids: string[]): Promise<void> {
  const gone = new Set(requestids)
  await remotePinsFile(dataDir).change(file => {
    const before = file.pins.length
    file.pins = file.pins.filter(p => p.service !== service || !gone.has(p.requestid))
    return file.pins.length !== before
  })
}
