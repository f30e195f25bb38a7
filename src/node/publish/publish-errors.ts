import { IparoError } from '../../core/errors.ts'

/** `routers.json` that is not a list of http(s) URLs, or a router URL that is not one. */
export class RouterListError extends IparoError {
  override name = 'RouterListError'
}

/** A router (or the running node) that did not take a record: unreachable, too slow, or it said no. */
export class RouterPutError extends IparoError {
  override name = 'RouterPutError'
  constructor (readonly target: string, readonly reason: string, options?: { cause?: unknown }) {
    super(`${target}: ${reason}`, options)
  }
}

/** `iparo publish` where no target took the record (exit code 1; each target's reason is printed above). */
export class PublishFailedError extends IparoError {
  override name = 'PublishFailedError'
}
