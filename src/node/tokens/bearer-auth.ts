import { InvalidTokenError, MissingTokenError } from '../../core/errors.ts'
import type { TokenStore } from './token-store.ts'

/**
 * The id of the token a request carries in `Authorization: Bearer …`. No header, another scheme or
 * an empty token is MissingTokenError (401); a token unknown here or revoked is InvalidTokenError (403).
 */
export async function requireBearer (request: Request, tokens: TokenStore): Promise<string> {
  const header = request.headers.get('authorization') ?? ''
  const match = /^bearer[ \t]+(\S+)[ \t]*$/i.exec(header.trim())
  const token = match?.[1]
  if (token == null || token === '') throw new MissingTokenError('this API needs a bearer token (Authorization: Bearer …; make one with `iparo token create`)')
  const id = await tokens.check(token)
  if (id == null) throw new InvalidTokenError('the bearer token is not known here or was revoked')
  return id
}
