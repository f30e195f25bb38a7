/**
 * Draws the app's PNG icons from the same shapes as public/favicon.svg (a dark blue tile with an index
 * bar and three record lines), without any image library: supersampled shapes, written as PNG by hand.
 *
 *   npx tsx scripts/make-icons.ts      → public/app/icon-192.png, icon-512.png, icon-maskable-512.png
 */
import { writeFileSync } from 'node:fs'
import { deflateSync } from 'node:zlib'

type Rect = [x: number, y: number, w: number, h: number]
const TILE: [number, number, number] = [0x1a, 0x52, 0x76]
// the favicon's white shapes, on its 16 × 16 grid
const GLYPH: Rect[] = [[4, 4, 2, 8], [8, 4, 4, 2], [8, 7, 4, 2], [8, 10, 4, 2]]

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n
  for (let k = 0; k < 8; k++) c = (c & 1) !== 0 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
  return c >>> 0
})
function crc32 (bytes: Uint8Array): number {
  let c = 0xffffffff
  for (const b of bytes) c = (CRC_TABLE[(c ^ b) & 0xff] as number) ^ (c >>> 8)
  return (c ^ 0xffffffff) >>> 0
}

function chunk (type: string, data: Uint8Array): Buffer {
  const head = Buffer.alloc(8)
  head.writeUInt32BE(data.length, 0)
  head.write(type, 4, 'latin1')
  const crc = Buffer.alloc(4)
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0)
  return Buffer.concat([head, data, crc])
}

function png (size: number, rgba: Uint8Array): Buffer {
  const ihdr = Buffer.alloc(13)
  ihdr.writeUInt32BE(size, 0)
  ihdr.writeUInt32BE(size, 4)
  ihdr.set([8, 6, 0, 0, 0], 8) // 8-bit RGBA
  const rows = Buffer.alloc(size * (size * 4 + 1))
  for (let y = 0; y < size; y++) rows.set(rgba.subarray(y * size * 4, (y + 1) * size * 4), y * (size * 4 + 1) + 1)
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(rows, { level: 9 })), chunk('IEND', new Uint8Array())])
}

const inRect = (u: number, v: number, [x, y, w, h]: Rect): boolean => u >= x && u < x + w && v >= y && v < y + h

/** Coverage of the tile (rounded, or full bleed for maskable) and the glyph at grid point (u, v). */
function icon (size: number, maskable: boolean): Uint8Array {
  const out = new Uint8Array(size * size * 4)
  const S = 4
  // a maskable icon's glyph stays in the middle 60% (the safe zone is a circle of 80%)
  const glyphScale = maskable ? 0.7 : 1
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      let tile = 0
      let glyph = 0
      for (let sy = 0; sy < S; sy++) {
        for (let sx = 0; sx < S; sx++) {
          const u = (x + (sx + 0.5) / S) * 16 / size
          const v = (y + (sy + 0.5) / S) * 16 / size
          const cx = Math.min(Math.max(u, 3), 13)
          const cy = Math.min(Math.max(v, 3), 13)
          const inTile = maskable || (u - cx) ** 2 + (v - cy) ** 2 <= 9
          if (!inTile) continue
          tile++
          const gu = 8 + (u - 8) / glyphScale
          const gv = 8 + (v - 8) / glyphScale
          if (GLYPH.some(r => inRect(gu, gv, r))) glyph++
        }
      }
      const a = tile / (S * S)
      const g = tile === 0 ? 0 : glyph / tile
      const i = (y * size + x) * 4
      out[i] = Math.round(TILE[0] + (255 - TILE[0]) * g)
      out[i + 1] = Math.round(TILE[1] + (255 - TILE[1]) * g)
      out[i + 2] = Math.round(TILE[2] + (255 - TILE[2]) * g)
      out[i + 3] = Math.round(255 * a)
    }
  }
  return out
}

const dir = new URL('../public/app/', import.meta.url)
for (const [name, size, maskable] of [['icon-192.png', 192, false], ['icon-512.png', 512, false], ['icon-maskable-512.png', 512, true]] as const) {
  writeFileSync(new URL(name, dir), png(size, icon(size, maskable)))
  console.log(`wrote public/app/${name}`)
}
