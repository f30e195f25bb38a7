import { PNG } from 'pngjs'
import { describe, expect, it } from 'vitest'
import { pixelDiff } from './pixel-diff.ts'

function png (width: number, height: number, paint: (x: number, y: number) => [number, number, number]): Buffer {
  const image = new PNG({ width, height })
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const [r, g, b] = paint(x, y)
      image.data.set([r, g, b, 255], (y * width + x) * 4)
    }
  }
  return PNG.sync.write(image)
}

describe('pixelDiff', () => {
  it('finds nothing between two identical screenshots', () => {
    const white = png(20, 10, () => [255, 255, 255])
    expect(pixelDiff(white, white)).toMatchObject({ differingPixels: 0, differingFraction: 0, width: 20, height: 10 })
  })

  it('counts a black block on white as its share of the image', () => {
    const white = png(20, 10, () => [255, 255, 255])
    const block = png(20, 10, (x, y) => x < 10 && y < 5 ? [0, 0, 0] : [255, 255, 255])
    const d = pixelDiff(white, block)
    expect(d.differingFraction).toBeCloseTo(0.25, 2)
    expect(PNG.sync.read(d.diffPng).width).toBe(20)
  })

  it('compares screenshots of different sizes over their common area and says so', () => {
    const d = pixelDiff(png(30, 10, () => [255, 255, 255]), png(20, 12, (x) => x < 10 ? [0, 0, 0] : [255, 255, 255]))
    expect(d.sizes).toEqual([[30, 10], [20, 12]])
    expect([d.width, d.height]).toEqual([20, 10])
    expect(d.differingFraction).toBeCloseTo(0.5, 2)
  })
})
