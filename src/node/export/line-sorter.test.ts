import { mkdtempSync, readdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { compareLines } from '../../core/export/cdxj.ts'
import { LineSorter } from './line-sorter.ts'

/** Lines with shared prefixes, characters past U+FFFF (where UTF-16 order differs) and empty lines. */
function lines (count: number): string[] {
  let x = 12345
  const next = (): number => { x = (Math.imul(x, 1103515245) + 12345) >>> 0; return x >>> 8 }
  const alphabet = ['a', 'b', 'é', '\u{1F600}', '\uFB01', ' ', '{', '\n']
  return Array.from({ length: count }, () => Array.from({ length: next() % 12 }, () => alphabet[next() % alphabet.length]).join(''))
}

async function sortedBy (sorter: LineSorter): Promise<string[]> {
  const out: string[] = []
  for await (const line of sorter.sorted()) out.push(line)
  return out
}

describe('LineSorter', () => {
  it('sorts in memory when the lines fit', async () => {
    const data = mkdtempSync(join(tmpdir(), 'iparo-sort-'))
    const sorter = await LineSorter.open(data)
    const input = lines(500)
    for (const line of input) await sorter.add(line)
    expect(await sortedBy(sorter)).toEqual([...input].sort(compareLines))
    await sorter.close()
  })

  it('gives the same order from runs on disk merged in several passes', async () => {
    const data = mkdtempSync(join(tmpdir(), 'iparo-sort-'))
    const sorter = await LineSorter.open(data, { memoryChars: 50, fanIn: 3 })
    const input = lines(3000)
    for (const line of input) await sorter.add(line)
    expect(sorter.count).toBe(3000)
    expect(readdirSync(readdirSync(join(data, 'tmp')).map(d => join(data, 'tmp', d))[0] ?? '').length).toBeGreaterThan(10)
    expect(await sortedBy(sorter)).toEqual([...input].sort(compareLines))
    await sorter.close()
    expect(readdirSync(join(data, 'tmp'))).toEqual([])
  })
})
