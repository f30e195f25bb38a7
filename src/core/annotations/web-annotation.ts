import { InvalidInputError, InvalidIparoError } from '../errors.ts'
import type { Datetime } from '../datetime.ts'
import type { AnnotationHeader } from './annotation-header.ts'

export const ANNO_CONTEXT = 'http://www.w3.org/ns/anno.jsonld'
export const ANNO_MEDIA_TYPE = `application/ld+json; profile="${ANNO_CONTEXT}"`
/** Characters of text a note may have: a note, not a document (and one raw block, far below 256 KiB). */
export const MAX_TEXT_LENGTH = 10_000

/**
 * A W3C Web Annotation (https://www.w3.org/TR/annotation-model/) of one memento: a plain-text
 * `TextualBody`, and a target that is the original resource (`source`, the URI-R) in the state it was
 * archived in (`TimeState`: `sourceDate` the memento datetime, `cached` its URI-M and its IPARO).
 */
export interface WebAnnotation {
  '@context': typeof ANNO_CONTEXT
  id: string
  type: 'Annotation'
  motivation: 'commenting'
  created: Datetime
  body: { type: 'TextualBody', value: string, format: 'text/plain' }
  target: {
    source: string
    state: { type: 'TimeState', sourceDate: Datetime, cached: [string, string] }
  }
}

/** The text of a note as it will be stored: trimmed, not empty, not too long, no control characters but newlines and tabs. */
export function checkNoteText (text: unknown): string {
  if (typeof text !== 'string') throw new InvalidInputError('the note text is not a string')
  const trimmed = text.trim()
  if (trimmed === '') throw new InvalidInputError('the note is empty')
  if ([...trimmed].length > MAX_TEXT_LENGTH) throw new InvalidInputError(`the note is longer than ${MAX_TEXT_LENGTH} characters`)
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
  if (/[\u0000-\u0008\u000b-\u001f\u007f]/.test(trimmed)) throw new InvalidInputError('the note contains control characters')
  if (!trimmed.isWellFormed()) throw new InvalidInputError('the note is not well-formed Unicode')
  return trimmed
}

export function webAnnotation (id: string, header: Omit<AnnotationHeader, 'pieces'>, text: string): WebAnnotation {
  return {
    '@context': ANNO_CONTEXT,
    id,
    type: 'Annotation',
    motivation: 'commenting',
    created: header.datetime,
    body: { type: 'TextualBody', value: text, format: 'text/plain' },
    target: {
      source: header.uri,
      state: { type: 'TimeState', sourceDate: header.target.datetime, cached: [header.target.uriM, `ipfs://${header.target.cid}`] }
    }
  }
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)

/**
 * Checks a stored annotation against its IPARO header: exactly the shape this version writes, naming
 * the same memento, time and URI. Returns the note text. Anything else is InvalidIparoError.
 */
export function checkWebAnnotation (json: unknown, header: AnnotationHeader, id: string): string {
  const fail = (what: string): never => { throw new InvalidIparoError(`annotation ${id}: ${what}`) }
  if (!isRecord(json)) return fail('the Web Annotation is not an object')
  const body = json.body
  if (!isRecord(body) || typeof body.value !== 'string') return fail('no TextualBody')
  let text: string
  try {
    text = checkNoteText(body.value)
  } catch (err) {
    throw new InvalidIparoError(`annotation ${id}: bad text`, { cause: err })
  }
  const expected = webAnnotation(id, header, text)
  if (JSON.stringify(json) !== JSON.stringify(expected)) fail('the Web Annotation does not match its header')
  return text
}
