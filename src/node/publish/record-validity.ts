import { IpnsRecordError } from '../../core/errors.ts'
import { validateArchiveRecord } from '../../core/naming/ipns-name.ts'

/** A held record and how long it stays valid, or why it cannot be sent. */
export type HeldRecord =
  | { ok: true, record: Uint8Array, sequence: bigint, validUntil: number }
  | { ok: false, reason: string }

/**
 * Reads a held record's validity (the `ipns` validator checks signature, name and expiry against
 * the real clock). A record that fails is described, not thrown: callers decide whether to re-sign.
 */
export async function heldRecord (ipns: string, record: Uint8Array | undefined): Promise<HeldRecord> {
  if (record == null) return { ok: false, reason: 'none is held' }
  try {
    const { sequence, validity } = await validateArchiveRecord(ipns, record)
    const validUntil = Date.parse(validity)
    if (Number.isNaN(validUntil)) return { ok: false, reason: `its validity ${JSON.stringify(validity)} cannot be read` }
    return { ok: true, record, sequence, validUntil }
  } catch (err) {
    if (err instanceof IpnsRecordError) return { ok: false, reason: err.message }
    throw err
  }
}

/**
 * The republisher's rule for its own archives: re-sign when less than half the lifetime is left (as
 * Helia does with its 48 h records and 24 h threshold), or when the record outlives the lifetime the
 * node was told to use (signed under a longer one: `iparo serve --ipns-validity` shortens it at once).
 */
export function needsResign (remainingMs: number, lifetimeMs: number): boolean {
  return remainingMs < lifetimeMs / 2 || remainingMs > lifetimeMs * 1.1
}
