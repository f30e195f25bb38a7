import { IparoError } from '../../core/errors.ts'

/** The Kubo RPC endpoint refused or failed part of a push (exit code 1: the upload did not happen whole). */
export class PushError extends IparoError {
  override name = 'PushError'
}
