import { randomBytes } from 'node:crypto'
import { chmod, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises'
import { dirname } from 'node:path'
import { IparoError } from '../core/errors.ts'
import { FolderLock } from './folder-lock.ts'

/** A settings file in the data folder that is not what this module writes: refused rather than overwritten. */
export class SettingsFileError extends IparoError {
  override name = 'SettingsFileError'
}

/**
 * A small JSON file in the data folder that several processes may change (a CLI while `iparo serve`
 * reads it): every change re-reads it under a lock file and replaces it whole (temp file + rename), so
 * no change is lost and no reader sees half a file.
 */
export class LockedJsonFile<T> {
  private readonly lock: FolderLock

  constructor (private readonly path: string, private readonly empty: () => T, private readonly isValid: (value: unknown) => value is T, private readonly mode = 0o600) {
    this.lock = new FolderLock(`${path}.lock`)
  }

  async read (): Promise<T> {
    let text: string
    try {
      text = await readFile(this.path, 'utf8')
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return this.empty()
      throw err
    }
    let parsed: unknown
    try {
      parsed = JSON.parse(text)
    } catch (err) {
      throw new SettingsFileError(`${this.path} is not JSON; fix or remove it`, { cause: err })
    }
    if (!this.isValid(parsed)) throw new SettingsFileError(`${this.path} is not what iparo writes there; fix or remove it`)
    return parsed
  }

  /** `fn` edits the value in place; returning false means nothing changed and nothing is written. */
  async change (fn: (value: T) => boolean | void): Promise<void> {
    await mkdir(dirname(this.path), { recursive: true })
    await this.lock.run(async () => {
      const value = await this.read()
      if (fn(value) === false) return
      const aside = `${this.path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`
      try {
        await writeFile(aside, JSON.stringify(value, null, 2) + '\n', { mode: this.mode })
        // the umask may have narrowed the mode, never widened it; make it exact
        await chmod(aside, this.mode)
        await rename(aside, this.path)
      } catch (err) {
        await rm(aside, { force: true })
        throw err
      }
    })
  }
}
