import { describe, expect, it } from 'vitest'
import { MemoryBlockStore } from '../blocks.ts'
import { InvalidIparoError } from '../errors.ts'
import { filePageRows } from './file-page-rows.ts'
import { indexOnlyFile } from './file-pages.test-support.ts'
import { readFileIparo } from './file-iparo.ts'
import { writeFileIndex } from './file-index.ts'

describe('filePageRows', () => {
  it('gives one row per URL over all files, sorted by key, named as last captured', async () => {
    const store = new MemoryBlockStore()
    const a = await indexOnlyFile(store, 'a.warc', [
      { uri: 'http://b.test/', datetime: '2020-01-02T00:00:00Z' },
      { uri: 'http://a.test/x', datetime: '2020-01-01T00:00:00Z' }
    ])
    const b = await indexOnlyFile(store, 'b.warc', [{ uri: 'http://B.test/', datetime: '2019-01-01T00:00:00Z' }, { uri: 'http://b.test:80/', datetime: '2021-01-01T00:00:00Z' }])
    const files = [await readFileIparo(store, a.iparo), await readFileIparo(store, b.iparo)]
    expect(await filePageRows(store, files)).toEqual([
      { key: 'test,a)/x', url: 'http://a.test/x', first: '2020-01-01T00:00:00Z', last: '2020-01-01T00:00:00Z', count: 1 },
      { key: 'test,b)/', url: 'http://b.test:80/', first: '2019-01-01T00:00:00Z', last: '2021-01-01T00:00:00Z', count: 3 }
    ])
  })

  it('refuses an index key without a datetime rather than guess the URL', async () => {
    const store = new MemoryBlockStore()
    const file = await readFileIparo(store, (await indexOnlyFile(store, 'a.warc', [{ uri: 'http://a.test/', datetime: '2020-01-01T00:00:00Z' }])).iparo)
    const index = await writeFileIndex(store, [{ key: 'test,a)/', uri: 'http://a.test/', datetime: '2020-01-01T00:00:00Z', offset: 0, length: 10, type: 'response' }])
    await expect(filePageRows(store, [{ ...file, index }])).rejects.toThrow(InvalidIparoError)
  })
})
