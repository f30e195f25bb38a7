/**
 * The regular files of a tar archive (ustar, as `npm pack` writes it), by path. Enough to read a package
 * tarball in memory without extracting it where linters and type checkers would find it.
 */
export function untar (tar: Uint8Array): Map<string, Uint8Array> {
  const files = new Map<string, Uint8Array>()
  const text = new TextDecoder()
  const field = (at: number, length: number): string => text.decode(tar.subarray(at, at + length)).replace(/\0.*$/s, '')
  let at = 0
  while (at + 512 <= tar.length) {
    const name = field(at, 100)
    if (name === '') break // two zero blocks end the archive
    const size = Number.parseInt(field(at + 124, 12).trim() || '0', 8)
    const type = field(at + 156, 1)
    const prefix = field(at + 345, 155)
    if (Number.isNaN(size) || at + 512 + size > tar.length) throw new Error(`tar entry ${name} is truncated or has a bad size`)
    if (type === '0' || type === '') files.set(prefix === '' ? name : `${prefix}/${name}`, tar.subarray(at + 512, at + 512 + size))
    at += 512 + Math.ceil(size / 512) * 512
  }
  return files
}
