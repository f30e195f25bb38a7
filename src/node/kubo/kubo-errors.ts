import { IparoError } from '../../core/errors.ts'

/**
 * A Kubo RPC command that IPARO does not implement, or a path that names none: Kubo answers these
 * `404 page not found`-style from its command parser.
 */
export class UnknownKuboCommandError extends IparoError {
  override name = 'UnknownKuboCommandError'
}

/** An argument or option Kubo's command parser would refuse (missing `arg`, a bool that is not one). */
export class KuboArgumentError extends IparoError {
  override name = 'KuboArgumentError'
}

/** `pin/ls` of a CID that is not pinned here: Kubo's "is not pinned" (a 500, as Kubo answers it). */
export class NotPinnedError extends IparoError {
  override name = 'NotPinnedError'
}
