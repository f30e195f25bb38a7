import { stat } from 'node:fs/promises'
import { InputFileError } from './cli-error.ts'

// What the system says, in words a person can act on (not Node's `ENOENT: no such file…, stat '…'`).
const REASONS: Record<string, string> = {
  ENOENT: 'no such file',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  ENOTDIR: 'a folder on its path is a file',
  ELOOP: 'too many symbolic links',
  ENAMETOOLONG: 'the name is too long'
}

/**
 * The size of each input file, checked before any store is opened: a file that is missing, a folder
 * or unreadable is an InputFileError (exit 66) naming it, and nothing is ingested.
 */
export async function inputFileSizes (files: readonly string[]): Promise<number[]> {
  return Promise.all(files.map(async (file) => {
    let info
    try {
      info = await stat(file)
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code ?? ''
      throw new InputFileError(file, REASONS[code] ?? `the system refused it (${code || 'unknown error'})`, { cause: err })
    }
    if (!info.isFile()) throw new InputFileError(file, info.isDirectory() ? 'it is a folder, not a file' : 'it is not a regular file')
    return info.size
  }))
}
