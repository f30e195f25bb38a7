import { rename, rm } from 'node:fs/promises'

/**
 * Writes a file under a temporary name next to `path` and renames it into place once `write` succeeded:
 * a failed or interrupted export never leaves a file at `path` that looks complete.
 */
export async function writeAtomically<T> (path: string, write: (partial: string) => Promise<T>): Promise<T> {
  const partial = `${path}.partial-${process.pid}`
  try {
    const result = await write(partial)
    await rename(partial, path)
    return result
  } catch (err) {
    await rm(partial, { force: true })
    throw err
  }
}
