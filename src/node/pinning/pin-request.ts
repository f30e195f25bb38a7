import { multiaddr } from '@multiformats/multiaddr'
import { CID } from 'multiformats/cid'
import { InvalidInputError } from '../../core/errors.ts'

/** A `Pin` object (spec: components/schemas/Pin), checked. */
export interface PinRequest {
  cid: CID
  name?: string
  origins: string[]
  meta: Record<string, string>
}

const MAX_ORIGINS = 20
const MAX_META = 1000

function isPlainObject (value: unknown): value is Record<string, unknown> {
  return value != null && typeof value === 'object' && !Array.isArray(value)
}

function originsOf (value: unknown): string[] {
  if (value == null) return []
  if (!Array.isArray(value) || !value.every(v => typeof v === 'string')) throw new InvalidInputError('origins must be an array of multiaddr strings')
  const origins = value as string[]
  if (origins.length > MAX_ORIGINS) throw new InvalidInputError(`at most ${MAX_ORIGINS} origins`)
  if (new Set(origins).size !== origins.length) throw new InvalidInputError('origins must be unique')
  for (const origin of origins) {
    try {
      multiaddr(origin)
    } catch (err) {
      throw new InvalidInputError(`origin ${JSON.stringify(origin)} is not a multiaddr`, { cause: err })
    }
  }
  return origins
}

function metaOf (value: unknown): Record<string, string> {
  if (value == null) return {}
  if (!isPlainObject(value) || !Object.values(value).every(v => typeof v === 'string')) throw new InvalidInputError('meta must be an object of strings')
  if (Object.keys(value).length > MAX_META) throw new InvalidInputError(`meta holds at most ${MAX_META} entries`)
  return { ...value as Record<string, string> }
}

/** The pin a `POST /pins` or `POST /pins/{requestid}` body asks for; InvalidInputError (400) otherwise. */
export async function readPinRequest (request: Request): Promise<PinRequest> {
  let body: unknown
  try {
    body = JSON.parse(await request.text())
  } catch (err) {
    throw new InvalidInputError('the body must be a JSON Pin object', { cause: err })
  }
  if (!isPlainObject(body)) throw new InvalidInputError('the body must be a JSON Pin object')
  if (typeof body.cid !== 'string') throw new InvalidInputError('cid is required (a string)')
  let cid: CID
  try {
    cid = CID.parse(body.cid)
  } catch (err) {
    throw new InvalidInputError(`${JSON.stringify(body.cid)} is not a CID`, { cause: err })
  }
  if (body.name != null && (typeof body.name !== 'string' || body.name.length > 255)) throw new InvalidInputError('name must be a string of at most 255 characters')
  return {
    cid,
    ...(typeof body.name === 'string' ? { name: body.name } : {}),
    origins: originsOf(body.origins),
    meta: metaOf(body.meta)
  }
}
