import { describe, expect, it } from 'vitest'
import { MemoryStorage, useMemoryStorage } from './memory-storage.ts'

describe('MemoryStorage', () => {
  it('keeps items as Storage does, as strings', () => {
    const storage = new MemoryStorage()
    storage.setItem('a', '1')
    storage.setItem('b', String(2))
    expect(storage.getItem('a')).toBe('1')
    expect(storage.getItem('missing')).toBeNull()
    expect([storage.length, storage.key(1), storage.key(5)]).toEqual([2, 'b', null])
    storage.removeItem('a')
    expect(storage.getItem('a')).toBeNull()
    storage.clear()
    expect(storage.length).toBe(0)
  })

  it('reads the storage under it and never writes to it', () => {
    const under = new MemoryStorage()
    under.setItem('settings', 'mine')
    under.setItem('names', 'n')
    const storage = new MemoryStorage(under)
    expect(storage.getItem('settings')).toBe('mine')
    storage.setItem('settings', 'theirs')
    storage.removeItem('names')
    expect([storage.getItem('settings'), storage.getItem('names'), storage.length]).toEqual(['theirs', null, 1])
    storage.clear()
    expect(storage.length).toBe(0)
    expect([under.getItem('settings'), under.getItem('names'), under.length]).toEqual(['mine', 'n', 2])
  })

  it('takes the place of the window\'s storage, or of one that throws on read', () => {
    const under = new MemoryStorage()
    under.setItem('k', 'v')
    const realm = { localStorage: under }
    expect((useMemoryStorage(realm) as Storage).getItem('k')).toBe('v')
    expect(realm.localStorage).not.toBe(under)
    const refused = {}
    Object.defineProperty(refused, 'localStorage', { get () { throw new Error('SecurityError') }, configurable: true })
    const storage = useMemoryStorage(refused)
    expect((refused as { localStorage: Storage }).localStorage).toBe(storage)
    expect(storage.length).toBe(0)
  })
})
