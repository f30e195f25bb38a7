import { IparoError } from '../../core/errors.ts'

/** A usage mistake on the command line: printed with the command's help hint, exit code 2. */
export class UsageError extends IparoError {
  override name = 'UsageError'
}

/**
 * The one place where errors become exit codes. 1: the operation failed (bad data, not found,
 * verification); 2: the command line was wrong; 70: a bug or an environment failure.
 */
export function exitCodeFor (err: unknown): number {
  if (!(err instanceof Error)) return 70
  switch (err.name) {
    case 'UsageError':
      return 2
    case 'InvalidInputError':
    case 'InvalidDatetimeError':
    case 'InvalidIparoError':
    case 'BlockVerificationError':
    case 'BlockNotFoundError':
    case 'NotFoundError':
    case 'WarcFormatError':
    case 'ArchiveError':
    case 'IpnsRecordError':
      return 1
    default:
      return err instanceof IparoError ? 1 : 70
  }
}

/** One line a person can act on; the cause chain only when it adds something. */
export function describeError (err: unknown): string {
  if (!(err instanceof Error)) return String(err)
  let text = `${err.name}: ${err.message}`
  let cause = err.cause
  while (cause instanceof Error) {
    text += `\n  caused by ${cause.name}: ${cause.message}`
    cause = cause.cause
  }
  return text
}
