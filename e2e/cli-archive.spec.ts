import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { WARCParser } from 'warcio'
import { FIXTURES, fresh, iparo, json } from './support/iparo-process.ts'

describe('the iparo command line', () => {
  it('ingests, shows, cats, resolves and lists a TimeMap from the data folder alone', async () => {
    const data = fresh()
    const ingest = json(await iparo(['ingest', `${FIXTURES}ipwb/5mementos.warc`, '--archive', 'mementos', '--json', '--data', data]))
    for (const key of ['records', 'mementos', 'skipped', 'warnings', 'errors', 'newBlocks', 'newBytes', 'dedupBytes']) expect(ingest).toHaveProperty(key)
    expect(ingest.mementos).toBe(7)
    const iparos = ingest.iparos as Array<{ cid: string }>
    const cid = iparos[0]?.cid ?? ''

    const show = json(await iparo(['--data', data, 'show', cid, '--json']))
    expect((show.header as { type: string }).type).toBe('memento')

    const cat = await iparo(['cat', cid, '--data', data])
    expect(cat.code).toBe(0)
    const types: string[] = []
    for await (const record of new WARCParser([new Uint8Array(cat.bytes)])) { await record.readFully(); types.push(record.warcType ?? '') }
    expect(types).toEqual(['metadata', 'response'])

    const info = json(await iparo(['archive', 'info', 'mementos', '--json', '--data', data]))
    expect(info.ipns).toMatch(/^k51/)
    expect(info.root).toMatch(/^bafy/)
    expect(info.urls).toBe(3)
    expect(info.mementos).toBe(7)

    const resolved = json(await iparo(['resolve', 'mementos', 'http://memento.us/', '--at', '2007', '--json', '--data', data]))
    expect(resolved).toMatchObject({ datetime: '2013-02-02T10:00:00Z', url: 'http://memento.us/' })
    expect(typeof resolved.fetches).toBe('number')
    const byIpns = json(await iparo(['resolve', String(info.ipns), 'memento.us', '--json', '--data', data]))
    expect(byIpns.datetime).toBe('2016-12-31T11:00:01Z')
    const tm = json(await iparo(['timemap', String(info.root), 'http://memento.us/', '--json', '--data', data]))
    expect((tm.mementos as Array<{ datetime: string }>).map(m => m.datetime)).toEqual([
      '2013-02-02T10:00:00Z', '2014-01-14T10:00:00Z', '2014-01-15T10:15:00Z', '2016-12-31T11:00:00Z', '2016-12-31T11:00:01Z'
    ])
    expect(tm.complete).toBe(true)
  })

  it('finds its store through --data, IPARO_HOME and XDG_DATA_HOME, in that order', async () => {
    const [a, b, c] = [fresh(), fresh(), fresh()]
    await iparo(['ingest', `${FIXTURES}ipwb/1memento.warc`, '--json'], { IPARO_HOME: a, XDG_DATA_HOME: c })
    await iparo(['ingest', `${FIXTURES}ipwb/1memento.warc`, '--json', '--data', b], { IPARO_HOME: a })
    await iparo(['ingest', `${FIXTURES}ipwb/1memento.warc`, '--json'], { IPARO_HOME: '', XDG_DATA_HOME: c })
    for (const dir of [a, b, join(c, 'iparo')]) {
      const list = JSON.parse((await iparo(['archive', 'list', '--json', '--data', dir])).stdout) as unknown[]
      expect(list).toHaveLength(1)
    }
  })

  it('stores a re-capture of the same page mostly as shared blocks (mkelly1 then mkelly2)', async () => {
    const data = fresh()
    const one = json(await iparo(['ingest', `${FIXTURES}ipwb/mkelly1.warc`, '--json', '--data', data]))
    const two = json(await iparo(['ingest', `${FIXTURES}ipwb/mkelly2.warc`, '--json', '--data', data]))
    expect(Number(two.newBytes)).toBeLessThan(Number(one.newBytes) * 0.1)
    const again = json(await iparo(['ingest', `${FIXTURES}ipwb/mkelly2.warc`, '--json', '--data', data]))
    expect(again.mementos).toBe(0)
    expect(again.newBlocks).toBe(0)
  })

  it('moves a whole archive between data folders as a CAR, verified, and refuses an altered one', async () => {
    const [from, to, empty] = [fresh(), fresh(), fresh()]
    await iparo(['ingest', `${FIXTURES}ipwb/5mementos.warc`, `${FIXTURES}pywb/example.warc.gz`, '--data', from, '--json'])
    const car = join(fresh(), 'archive.car')
    expect((await iparo(['export', 'default', '--car', car, '--data', from])).code).toBe(0)
    const imported = json(await iparo(['import', car, '--json', '--data', to]))
    const root = (imported.roots as string[])[0] ?? ''
    expect(json(await iparo(['timemap', root, 'http://memento.us/', '--json', '--data', to])).complete).toBe(true)

    const bytes = readFileSync(car)
    bytes[bytes.length - 3] = (bytes[bytes.length - 3] ?? 0) ^ 0xff
    const bad = join(fresh(), 'bad.car')
    writeFileSync(bad, bytes)
    const refused = await iparo(['import', bad, '--data', empty])
    expect(refused.code).toBe(1)
    expect(refused.stderr).toMatch(/BlockVerificationError: block baf\w+ failed verification/)
    expect(json(await iparo(['gc', '--json', '--grace-minutes', '0', '--data', empty])).kept).toBe(0)
  })

  it('hands an archive and its key to another data folder, which can then publish it', async () => {
    const [from, to] = [fresh(), fresh()]
    await iparo(['ingest', `${FIXTURES}ipwb/5mementos.warc`, '--archive', 'moved', '--data', from])
    const info = json(await iparo(['archive', 'info', 'moved', '--json', '--data', from]))
    const dir = fresh()
    const exported = await iparo(['archive', 'key', 'export', 'moved', '--file', join(dir, 'moved.key'), '--data', from])
    expect(exported.code).toBe(0)
    expect(exported.stdout).not.toContain(readFileSync(join(dir, 'moved.key')).toString('base64'))
    await iparo(['export', 'moved', '--car', join(dir, 'moved.car'), '--data', from])
    await iparo(['import', join(dir, 'moved.car'), '--data', to])
    const adopted = json(await iparo(['archive', 'key', 'import', 'moved', '--file', join(dir, 'moved.key'), '--root', String(info.root), '--json', '--data', to]))
    expect(adopted.ipns).toBe(info.ipns)
    expect(json(await iparo(['archive', 'publish', 'moved', '--json', '--data', to])).ipns).toBe(info.ipns)
    // a key that is not the archive's own is refused
    await iparo(['archive', 'create', 'other', '--data', from])
    await iparo(['archive', 'key', 'export', 'other', '--file', join(dir, 'other.key'), '--data', from])
    const wrong = await iparo(['archive', 'key', 'import', 'again', '--file', join(dir, 'other.key'), '--root', String(info.root), '--data', to])
    expect(wrong.code).toBe(1)
    expect(wrong.stderr).toMatch(/does not belong/)
  })

  it('answers bad input with clear errors and exit codes, never a crash', async () => {
    const data = fresh()
    const truncated = join(fresh(), 'truncated.warc.gz')
    const gz = readFileSync(`${FIXTURES}ipwb/sample-1.warc.gz`)
    writeFileSync(truncated, gz.subarray(0, Math.floor(gz.length / 2)))
    const cut = await iparo(['ingest', truncated, '--json', '--data', data])
    // records were lost to the cut: exit 65 (EX_DATAERR), the summary printed all the same
    expect(cut.code).toBe(65)
    const partial = JSON.parse(cut.stdout) as Record<string, unknown>
    expect(Number(partial.mementos)).toBeGreaterThan(0)
    // the cut member is reported as damaged gzip, with its offset; the records before it are ingested
    expect((partial.errors as Array<{ code: string }>).some(e => e.code === 'gzip-damaged')).toBe(true)

    expect((await iparo(['ingest', '--archive', 'ipfs', `${FIXTURES}ipwb/1memento.warc`, '--data', data])).stderr).toMatch(/reserved/)
    expect((await iparo(['show', 'not-a-cid', '--data', data])).code).toBe(2)
    expect((await iparo(['resolve', 'default', 'http://nowhere.example/', '--data', data])).code).toBe(1)
    expect((await iparo(['resolve', 'default', 'http://memento.us/', '--at', '20180230', '--data', data])).stderr).toMatch(/InvalidDatetimeError/)
    expect((await iparo(['frobnicate'])).code).toBe(2)
  })

  it('gc deletes only what no archive reaches', async () => {
    const data = fresh()
    await iparo(['ingest', `${FIXTURES}ipwb/5mementos.warc`, '--data', data])
    const other = fresh()
    await iparo(['ingest', `${FIXTURES}ipwb/mkelly1.warc`, '--data', other])
    const car = join(fresh(), 'mk.car')
    await iparo(['export', 'default', '--car', car, '--data', other])
    await iparo(['import', car, '--data', data]) // blocks no archive of `data` reaches
    const gc = json(await iparo(['gc', '--json', '--grace-minutes', '0', '--data', data]))
    expect(Number(gc.deleted)).toBeGreaterThan(0)
    const tm = json(await iparo(['timemap', 'default', 'http://memento.us/', '--json', '--data', data]))
    expect(tm.complete).toBe(true)
  })
})
