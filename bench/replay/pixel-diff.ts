import pixelmatch from 'pixelmatch'
import { PNG } from 'pngjs'

export interface PixelDiff {
  width: number
  height: number
  /** the two screenshots' own sizes: compared over their common top-left area when they differ */
  sizes: [[number, number], [number, number]]
  differingPixels: number
  differingFraction: number
  /** red where the two differ, the first screenshot faded behind */
  diffPng: Buffer
}

function crop (png: PNG, width: number, height: number): Uint8Array {
  if (png.width === width && png.height === height) return png.data
  const out = new Uint8Array(width * height * 4)
  for (let y = 0; y < height; y++) out.set(png.data.subarray(y * png.width * 4, (y * png.width + width) * 4), y * width * 4)
  return out
}

/**
 * The share of pixels that differ between two PNG screenshots (pixelmatch's default colour threshold,
 * anti-aliased edges not counted): 0 for the same rendering, 1 for nothing in common.
 */
export function pixelDiff (a: Buffer, b: Buffer): PixelDiff {
  const one = PNG.sync.read(a)
  const two = PNG.sync.read(b)
  const width = Math.min(one.width, two.width)
  const height = Math.min(one.height, two.height)
  const diff = new PNG({ width, height })
  const differingPixels = pixelmatch(crop(one, width, height), crop(two, width, height), diff.data, width, height, { threshold: 0.1 })
  return {
    width,
    height,
    sizes: [[one.width, one.height], [two.width, two.height]],
    differingPixels,
    differingFraction: width * height === 0 ? 1 : differingPixels / (width * height),
    diffPng: PNG.sync.write(diff)
  }
}
