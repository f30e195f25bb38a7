import { describe, expect, it } from 'vitest'
import { OpenedArchives } from './opened-archives.ts'

/** A real Storage-shaped map (Node has no localStorage): what a second visit would read. */
function memoryStorage (): Pick<Storage, 'getItem' | 'setItem'> & { data: Map<string, string> } {
  const data = new Map<string, string>()
  return { data, getItem: (k) => data.get(k) ?? null, setItem: (k, v) => { data.set(k, v) } }
}

describe('opened archives', () => {
  it('remembers several archives across visits, most recent first, with their labels', () => {
    const storage = memoryStorage()
    const first = new OpenedArchives(storage)
    let changes = 0
    first.addEventListener('change', () => { changes++ })
    first.open({ id: 'iana', kind: 'local' })
    first.open({ id: 'k51qzi5uqu5dlvj2baxnqndepeb86cbk3ng7n3i46uzyxzyqj2xjonzllnv0v8', kind: 'ipns' })
    first.relabel('iana', 'IANA crawl')
    first.open({ id: 'iana', kind: 'local' })
    expect(changes).toBe(4)
    const again = new OpenedArchives(storage)
    expect(again.list.map(a => [a.id.slice(0, 4), a.label])).toEqual([['iana', 'IANA crawl'], ['k51q', 'k51qzi5uqu…lnv0v8']])
    again.close('iana')
    expect(new OpenedArchives(storage).list.map(a => a.kind)).toEqual(['ipns'])
  })

  it('forgets damaged storage instead of failing', () => {
    const storage = memoryStorage()
    storage.setItem('iparo.opened-archives', '{not json')
    expect(new OpenedArchives(storage).list).toEqual([])
    storage.setItem('iparo.opened-archives', JSON.stringify([{ id: 'a', label: 'A', kind: 'local' }, { id: 'b', kind: 'weird', label: 'B' }, 7]))
    expect(new OpenedArchives(storage).list).toEqual([{ id: 'a', label: 'A', kind: 'local' }])
  })
})
