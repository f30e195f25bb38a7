import { describe, expect, it } from 'vitest'
import { parseTimeMapJson } from './timemap-json.ts'

describe('parseTimeMapJson', () => {
  it('reads the list, normalising datetimes and keeping CIDs', () => {
    const body = JSON.stringify({ mementos: { list: [
      { datetime: '2013-02-02T10:00:00Z', uri: 'http://n/a/20130202100000/http://memento.us/', cid: 'bafyone' },
      { datetime: '2014-01-14T10:00:00.500+00:00', uri: 'http://n/a/20140114100000500/http://memento.us/' }
    ] } })
    expect(parseTimeMapJson(body)).toEqual([
      { datetime: '2013-02-02T10:00:00Z', uri: 'http://n/a/20130202100000/http://memento.us/', cid: 'bafyone' },
      { datetime: '2014-01-14T10:00:00.5Z', uri: 'http://n/a/20140114100000500/http://memento.us/' }
    ])
  })

  it('refuses documents of another shape with a clear error', () => {
    expect(() => parseTimeMapJson('<html>')).toThrow(/not JSON/)
    expect(() => parseTimeMapJson('{}')).toThrow(/no mementos.list/)
    expect(() => parseTimeMapJson('{"mementos":{"list":[{"uri":"x"}]}}')).toThrow(/entry 0/)
    expect(() => parseTimeMapJson('{"mementos":{"list":[{"uri":"x","datetime":"yesterday"}]}}')).toThrow(/ISO 8601/)
  })
})
