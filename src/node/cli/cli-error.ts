import { IparoError } from '../../core/errors.ts'

/** A usage mistake on the command line: printed with the command's help hint, exit code 2. */
export class UsageError extends IparoError {
  override name = 'UsageError'
}

/**
 * An input file named on the command line that cannot be read (missing, a directory, no permission):
 * exit code 66 (EX_NOINPUT), before anything is opened or written.
 */
export class InputFileError extends IparoError {
  override name = 'InputFileError'
  constructor (readonly file: string, readonly reason: string, options?: { cause?: unknown }) {
    super(`cannot read ${JSON.stringify(file)}: ${reason}`, options)
  }
}

/**
 * `iparo ingest` read only part of its input: a file is not a WARC (or in a format not supported
 * yet: WACZ, ARC), or records were lost to errors (damaged gzip, truncation, bytes that are not
 * records). Thrown after the summary is printed; what could be read was ingested and published, and
 * an ingest that read nothing changed nothing. Exit code 65 (EX_DATAERR).
 */
export class IngestIncompleteError extends IparoError {
  override name = 'IngestIncompleteError'
}

/**
 * The one place where errors become exit codes. 1: the operation failed (bad data, not found,
 * verification); 2: the command line was wrong; 65: an ingest's input could not all be read (a file
 * not a WARC or in an unsupported format, records lost to errors), the rest was ingested
 * (EX_DATAERR); 66: an input file is missing or unreadable, nothing was done (EX_NOINPUT); 70: a bug
 * or an environment failure; 75: another writer held the data folder past IPARO_LOCK_TIMEOUT,
 * nothing was changed, try again (EX_TEMPFAIL).
 */
export function exitCodeFor (err: unknown): number {
  if (!(err instanceof Error)) return 70
  switch (err.name) {
    case 'UsageError':
      return 2
    case 'IngestIncompleteError':
      return 65
    case 'InputFileError':
      return 66
    case 'LockTimeoutError':
    case 'StoreLockedError':
      return 75
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
  // its reason already says what the system said, in words; Node's own text would only repeat it
  if (err instanceof InputFileError) return text
  let cause = err.cause
  while (cause instanceof Error) {
    text += `\n  caused by ${cause.name}: ${cause.message}`
    cause = cause.cause
  }
  return text
}
