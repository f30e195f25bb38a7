import { describe, expect, it } from 'vitest'
import { multipartBoundary, multipartEvents, type MultipartEvent } from './multipart-parts.ts'

const enc = new TextEncoder()

/** A body as kubo-rpc-client's multipart-request writes it. */
function body (boundary: string, files: Uint8Array[]): Uint8Array {
  const pieces: Uint8Array[] = []
  files.forEach((content, i) => {
    if (i > 0) pieces.push(enc.encode('\r\n'))
    pieces.push(enc.encode(`--${boundary}\r\nContent-Disposition: form-data; name="file${i > 0 ? `-${i}` : ''}"; filename="f%20${i}.car"\r\nContent-Type: application/octet-stream\r\n\r\n`), content)
  })
  pieces.push(enc.encode(`\r\n--${boundary}--\r\n`))
  return new Uint8Array(Buffer.concat(pieces))
}

async function * split (bytes: Uint8Array, at: number[]): AsyncGenerator<Uint8Array> {
  let from = 0
  for (const cut of [...at, bytes.length]) {
    yield bytes.subarray(from, cut)
    from = cut
  }
}

async function parts (source: AsyncIterable<Uint8Array>, boundary: string): Promise<Array<{ name?: string, filename?: string, content: string }>> {
  const out: Array<{ name?: string, filename?: string, content: string }> = []
  const decoder = new TextDecoder()
  for await (const event of multipartEvents(source, boundary) as AsyncGenerator<MultipartEvent>) {
    if (event.kind === 'part') out.push({ name: event.part.name, filename: event.part.filename, content: '' })
    else { const last = out.at(-1); if (last != null) last.content += decoder.decode(event.bytes, { stream: true }) }
  }
  return out
}

describe('multipartEvents', () => {
  const boundary = '-----------------------------abcDEF123'
  // content that holds a near-delimiter, CRLFs and dashes: only the real delimiter ends a part
  const a = enc.encode(`one\r\n--${boundary.slice(0, -1)}x\r\n--\r\n`)
  const b = enc.encode('two')
  const bytes = body(boundary, [a, b])

  it('reads every part whole, however the body is cut into chunks', async () => {
    const expected = [
      { name: 'file', filename: 'f 0.car', content: new TextDecoder().decode(a) },
      { name: 'file-1', filename: 'f 1.car', content: 'two' }
    ]
    for (let cut = 1; cut < bytes.length; cut++) {
      expect(await parts(split(bytes, [cut]), boundary)).toEqual(expected)
    }
    const everyByte = Array.from({ length: bytes.length - 1 }, (_, i) => i + 1)
    expect(await parts(split(bytes, everyByte), boundary)).toEqual(expected)
  })

  it('an empty part and an empty file are parts too', async () => {
    expect(await parts(split(body(boundary, [new Uint8Array(0)]), []), boundary)).toEqual([{ name: 'file', filename: 'f 0.car', content: '' }])
  })

  it('refuses a body cut short or not framed as multipart', async () => {
    await expect(parts(split(bytes.subarray(0, bytes.length - 10), []), boundary)).rejects.toMatchObject({ name: 'InvalidInputError' })
    await expect(parts(split(enc.encode('just bytes'), []), boundary)).rejects.toMatchObject({ name: 'InvalidInputError' })
    await expect(parts(split(enc.encode(`--${boundary}junk\r\n\r\nx\r\n--${boundary}--`), []), boundary)).rejects.toMatchObject({ name: 'InvalidInputError' })
  })

  it('takes the boundary from the Content-Type, quoted or not', () => {
    expect(multipartBoundary(`multipart/form-data; boundary=${boundary}`)).toBe(boundary)
    expect(multipartBoundary('Multipart/Form-Data; charset=utf-8; boundary="a b"')).toBe('a b')
    expect(() => multipartBoundary('application/octet-stream')).toThrow(/multipart\/form-data/)
    expect(() => multipartBoundary(null)).toThrow(/multipart\/form-data/)
    expect(() => multipartBoundary('multipart/form-data')).toThrow(/boundary/)
  })
})
