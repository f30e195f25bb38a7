import { describe, expect, it } from 'vitest'
import { closestVersion, indexOfVersion, mergeVersions } from './merge-versions.ts'

const e = (datetime: string, cid?: string): { datetime: string, uri: string, cid?: string } => ({ datetime, uri: `u/${datetime}`, ...(cid != null ? { cid } : {}) })

describe('mergeVersions', () => {
  const merged = mergeVersions([
    { archive: 'two', entries: [e('2013-02-02T10:00:00Z'), e('2017-02-18T10:00:00Z', 'bafy2')] },
    { archive: 'three', entries: [e('2013-02-02T10:00:00Z'), e('2014-01-15T10:15:00Z'), e('2016-12-31T11:00:00.25Z')] }
  ])

  it('interleaves archives in time order, each version labelled, ties in archive order', () => {
    expect(merged.map(v => `${v.archive}@${v.digits}`)).toEqual([
      'two@20130202100000', 'three@20130202100000', 'three@20140115101500', 'three@2016123111000025', 'two@20170218100000'
    ])
    expect(merged[4]).toEqual({ archive: 'two', datetime: '2017-02-18T10:00:00Z', digits: '20170218100000', ms: Date.UTC(2017, 1, 18, 10), cid: 'bafy2' })
    expect(merged[3]?.ms).toBe(Date.UTC(2016, 11, 31, 11, 0, 0, 250))
  })

  it('finds the closest version (earlier on a tie, optionally in one archive) and a named one', () => {
    expect(closestVersion(merged, Date.UTC(2007, 0, 1))).toBe(0)
    expect(closestVersion(merged, Date.UTC(2030, 0, 1))).toBe(4)
    expect(closestVersion(merged, Date.UTC(2014, 0, 1), 'two')).toBe(0)
    expect(closestVersion(merged, Date.UTC(2015, 0, 1), 'three')).toBe(2)
    expect(closestVersion([], 0)).toBe(-1)
    expect(indexOfVersion(merged, 'three', '20140115101500')).toBe(2)
    expect(indexOfVersion(merged, 'two', '20140115101500')).toBe(-1)
  })
})
