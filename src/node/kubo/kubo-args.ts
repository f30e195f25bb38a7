import { CID } from 'multiformats/cid'
import { KuboArgumentError } from './kubo-errors.ts'

/**
 * A bool option as go-ipfs-cmds reads it from the query: absent → `fallback`, `true`/`false` (any
 * case; a bare `?flag` is true, as strconv.ParseBool's callers in go-ipfs-cmds treat an empty value).
 */
export function boolOption (url: URL, name: string, fallback: boolean): boolean {
  const value = url.searchParams.get(name)
  if (value == null) return fallback
  const lower = value.toLowerCase()
  if (lower === '' || lower === 'true' || lower === '1') return true
  if (lower === 'false' || lower === '0') return false
  throw new KuboArgumentError(`invalid value ${JSON.stringify(value)} for bool option ${JSON.stringify(name)}`)
}

/** The one required `arg` of a command (Kubo's parser refuses a missing one with a 400). */
export function requiredArg (url: URL, what: string): string {
  const values = url.searchParams.getAll('arg')
  const value = values[0]
  if (value == null || value === '') throw new KuboArgumentError(`argument ${JSON.stringify(what)} is required`)
  if (values.length > 1) throw new KuboArgumentError(`expected 1 argument ${JSON.stringify(what)}, got ${values.length}`)
  return value
}

/** A CID argument, also given as `/ipfs/<cid>` (Kubo takes paths here). */
export function cidArg (value: string): CID {
  const bare = value.replace(/^\/ipfs\//, '')
  try {
    return CID.parse(bare)
  } catch (err) {
    throw new KuboArgumentError(`invalid path ${JSON.stringify(value)}: not a CID`, { cause: err })
  }
}
