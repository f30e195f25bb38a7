import { IparoError } from '../errors.ts'

/** A request body over what the edge accepts (413): refused before it is buffered. */
export class PayloadTooLargeError extends IparoError {
  override name = 'PayloadTooLargeError'
  constructor (readonly limit: number, options?: { cause?: unknown }) {
    super(`request bodies are limited to ${limit} bytes`, options)
  }
}
