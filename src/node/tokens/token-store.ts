import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto'
import { join } from 'node:path'
import { LockedJsonFile } from '../locked-json-file.ts'

/** What `iparo token ls` shows of a token: never the token itself. */
export interface TokenInfo {
  id: string
  label?: string
  /** ISO 8601 */
  created: string
}

interface StoredToken extends TokenInfo {
  /** hex SHA-256 of the token's UTF-8 bytes */
  sha256: string
}

interface TokenFile {
  version: 1
  tokens: StoredToken[]
}

/** Marks a string as one of ours, so a token pasted in the wrong place is recognisable (as `ghp_` is). */
export const TOKEN_PREFIX = 'iparo_'
const FILE = 'tokens.json'

function hashOf (token: string): Buffer {
  return createHash('sha256').update(token, 'utf8').digest()
}

/**
 * Bearer tokens for the node's guarded APIs (pinning service, Kubo RPC). Only SHA-256 hashes are
 * kept, in `tokens.json` (mode 0600) in the data folder: a leaked file grants nothing. Every change
 * re-reads the file under a lock and replaces it whole (temp file + rename), so two processes
 * creating tokens at once both keep theirs, and a reader never sees half a file.
 */
export class TokenStore {
  private readonly file: LockedJsonFile<TokenFile>

  constructor (dataDir: string) {
    // a tokens.json this module did not write is refused (SettingsFileError), never overwritten: it may hold live tokens
    this.file = new LockedJsonFile(join(dataDir, FILE), () => ({ version: 1, tokens: [] }), isTokenFile)
  }

  async create (label?: string): Promise<TokenInfo & { token: string }> {
    const token = TOKEN_PREFIX + randomBytes(32).toString('base64url')
    const info: TokenInfo = { id: randomUUID(), ...(label != null && label !== '' ? { label } : {}), created: new Date().toISOString() }
    await this.file.change(file => { file.tokens.push({ ...info, sha256: hashOf(token).toString('hex') }) })
    return { ...info, token }
  }

  async list (): Promise<TokenInfo[]> {
    const file = await this.file.read()
    return file.tokens.map(({ id, label, created }) => ({ id, ...(label != null ? { label } : {}), created }))
  }

  /** Revokes by id, or by the token itself; false when nothing matched. */
  async revoke (idOrToken: string): Promise<boolean> {
    let removed = false
    await this.file.change(file => {
      const before = file.tokens.length
      file.tokens = file.tokens.filter(t => t.id !== idOrToken && !sameHash(t.sha256, hashOf(idOrToken)))
      removed = file.tokens.length !== before
      return removed
    })
    return removed
  }

  /** The token's id when it is known and not revoked. Every stored hash is compared, in constant time each. */
  async check (token: string): Promise<string | undefined> {
    if (token === '') return undefined
    const hash = hashOf(token)
    let found: string | undefined
    for (const stored of (await this.file.read()).tokens) {
      if (sameHash(stored.sha256, hash)) found = stored.id
    }
    return found
  }
}

function sameHash (storedHex: string, hash: Buffer): boolean {
  const stored = Buffer.from(storedHex, 'hex')
  return stored.length === hash.length && timingSafeEqual(stored, hash)
}

function isTokenFile (value: unknown): value is TokenFile {
  if (typeof value !== 'object' || value == null) return false
  const tokens = (value as { tokens?: unknown }).tokens
  return Array.isArray(tokens) && tokens.every(t => typeof t === 'object' && t != null &&
    typeof (t as StoredToken).id === 'string' && typeof (t as StoredToken).sha256 === 'string' &&
    typeof (t as StoredToken).created === 'string')
}
