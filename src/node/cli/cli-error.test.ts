import { describe, expect, it } from 'vitest'
import { ArchiveError } from '../../core/errors.ts'
import { LockTimeoutError } from '../lock-timeout-error.ts'
import { exitCodeFor, UsageError } from './cli-error.ts'

describe('exit codes', () => {
  it('say what a supervisor should do', () => {
    expect(exitCodeFor(new UsageError('x'))).toBe(2)
    expect(exitCodeFor(new ArchiveError('x'))).toBe(1)
    // another writer held the data folder too long: nothing changed, run it again (EX_TEMPFAIL)
    expect(exitCodeFor(new LockTimeoutError('x'))).toBe(75)
    expect(exitCodeFor(new TypeError('x'))).toBe(70)
    expect(exitCodeFor('not an error')).toBe(70)
  })
})
