import { IparoError } from '../errors.ts'

/** A request line and headers over what the edge parses (431): a 100 KB URL, say. */
export class HeadersTooLargeError extends IparoError {
  override name = 'HeadersTooLargeError'
  constructor (readonly limit: number, options?: { cause?: unknown }) {
    super(`the request line and headers are limited to ${limit} bytes`, options)
  }
}
