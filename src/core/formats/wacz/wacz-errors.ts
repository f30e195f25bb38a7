import { IparoError } from '../../errors.ts'

/** A zip that holds no WACZ: no datapackage.json, or no WARC under archive/. */
export class NotAWaczError extends IparoError {
  override name = 'not-a-wacz'
}

/** A file that cannot be read as a zip: cut short (no central directory), or damaged where it is read. */
export class ZipUnreadableError extends IparoError {
  override name = 'zip-unreadable'
}
