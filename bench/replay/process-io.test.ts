import { describe, expect, it } from 'vitest'
import { writtenBytes } from './process-io.ts'

describe('writtenBytes', () => {
  it('reads wchar, not write_bytes (which counts only what reached the disk)', () => {
    const io = 'rchar: 5\nwchar: 123456\nsyscr: 2\nsyscw: 3\nread_bytes: 0\nwrite_bytes: 4096\ncancelled_write_bytes: 0\n'
    expect(writtenBytes(io)).toBe(123456)
  })

  it('fails clearly on a text without wchar', () => {
    expect(() => writtenBytes('rchar: 5\n')).toThrow(/no wchar/)
  })
})
