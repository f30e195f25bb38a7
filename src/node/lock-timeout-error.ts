import { IparoError } from '../core/errors.ts'

/**
 * A data-folder lock (archives or IPNS records) stayed held by another live process for longer than the
 * caller agreed to wait (`IPARO_LOCK_TIMEOUT`). Nothing was changed; the command can be re-run.
 */
export class LockTimeoutError extends IparoError {
  override name = 'LockTimeoutError'
}
