import { InvalidInputError } from '../../errors.ts'

/** A file that looked like a HAR (a JSON object with a `log`) but is not one that can be read. */
export class HarFormatError extends InvalidInputError {
  override name = 'HarFormatError'
}
