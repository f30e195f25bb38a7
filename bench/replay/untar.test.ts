import { execFileSync } from 'node:child_process'
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { untar } from './untar.ts'

const dir = mkdtempSync(join(tmpdir(), 'iparo-untar-'))
afterAll(() => { rmSync(dir, { recursive: true, force: true }) })

/** A real archive from GNU tar, in the ustar format `npm pack` writes. */
function tarOf (files: Record<string, string | Uint8Array>): Uint8Array {
  const src = join(dir, `src-${Object.keys(files).length}`)
  for (const [path, body] of Object.entries(files)) {
    mkdirSync(join(src, path, '..'), { recursive: true })
    writeFileSync(join(src, path), body)
  }
  return new Uint8Array(execFileSync('tar', ['--format=ustar', '-cf', '-', '-C', src, ...Object.keys(files)]))
}

describe('untar', () => {
  it('reads regular files by path, sizes across block boundaries included, directories skipped', () => {
    const big = new Uint8Array(1500).map((_, i) => i % 251)
    const files = untar(tarOf({ 'package/sw.js': 'self.x = 1\n', 'package/dist/big.bin': big, 'package/empty': '' }))
    expect([...files.keys()].sort()).toEqual(['package/dist/big.bin', 'package/empty', 'package/sw.js'])
    expect(new TextDecoder().decode(files.get('package/sw.js'))).toBe('self.x = 1\n')
    expect(files.get('package/dist/big.bin')).toEqual(big)
    expect(files.get('package/empty')?.length).toBe(0)
  })

  it('joins the ustar prefix of a long path', () => {
    const long = `package/${'d'.repeat(60)}/${'e'.repeat(60)}/file.js`
    expect(new TextDecoder().decode(untar(tarOf({ [long]: 'ok' })).get(long))).toBe('ok')
  })

  it('refuses a truncated archive instead of returning part of a file', () => {
    const tar = tarOf({ 'package/a.js': 'x'.repeat(2000) })
    expect(() => untar(tar.subarray(0, 1024))).toThrow(/truncated/)
  })
})
