import { IparoError } from '../../core/errors.ts'

/** Another live process holds the store's writer lock (one writer at a time; readers are never blocked). */
export class StoreLockedError extends IparoError {
  override name = 'StoreLockedError'
}

/** A pack store that cannot be opened, read or written (I/O failure, a file that is not a pack). */
export class PackStoreError extends IparoError {
  override name = 'PackStoreError'
}
