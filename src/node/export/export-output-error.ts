import { IparoError } from '../../core/errors.ts'

/** An export's output file could not be written (missing folder, no permission, disk full): exit code 1. */
export class ExportOutputError extends IparoError {
  override name = 'ExportOutputError'
}

/** File-system failures (they carry an errno `code`) become ExportOutputErrors naming the file; others pass. */
export function asOutputError (err: unknown, path: string): unknown {
  const code = (err as { code?: unknown } | null)?.code
  if (!(err instanceof Error) || typeof code !== 'string' || !/^E[A-Z]+$/.test(code)) return err
  return new ExportOutputError(`cannot write ${JSON.stringify(path)}: ${err.message}`, { cause: err })
}
