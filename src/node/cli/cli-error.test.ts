import { describe, expect, it } from 'vitest'
import { ArchiveError } from '../../core/errors.ts'
import { LockTimeoutError } from '../lock-timeout-error.ts'
import { exitCodeFor, IngestIncompleteError, InputFileError, UsageError } from './cli-error.ts'

describe('exit codes', () => {
  it('say what a supervisor should do', () => {
    expect(exitCodeFor(new UsageError('x'))).toBe(2)
    expect(exitCodeFor(new ArchiveError('x'))).toBe(1)
    // an ingest read only part of its input (not a WARC, records lost): the rest is in (EX_DATAERR)
    expect(exitCodeFor(new IngestIncompleteError('x'))).toBe(65)
    expect(exitCodeFor(new InputFileError('f', 'no such file'))).toBe(66)
    // another writer held the data folder too long: nothing changed, run it again (EX_TEMPFAIL)
    expect(exitCodeFor(new LockTimeoutError('x'))).toBe(75)
    expect(exitCodeFor(new TypeError('x'))).toBe(70)
    expect(exitCodeFor('not an error')).toBe(70)
  })
})
