import { describe, expect, it } from 'vitest'
import { DEFAULT_QUOTA_BYTES, PUBLIC_GATEWAYS } from '../src/messages/settings-defaults.ts'
import { appOriginsOf, defaultSettings, replaysHere, SwSettings } from './sw-settings.ts'

const NODE = 'http://127.0.0.1:8421'
const config = { appOrigins: ['http://127.0.0.1:8420/'], gateways: [NODE], routers: [NODE] }
const mine = { gateways: ['https://gw.example'], routers: ['https://r.example'], quotaBytes: 64 * 1024 * 1024 }

describe('the worker\'s settings', () => {
  it('start from what the server gave with the worker', () => {
    expect(defaultSettings(config)).toEqual({ gateways: [NODE], routers: [NODE], quotaBytes: DEFAULT_QUOTA_BYTES })
    expect(defaultSettings({ appOrigins: [], gateways: ['javascript:alert(1)'] }).gateways).toEqual(PUBLIC_GATEWAYS)
    expect([...appOriginsOf(config, NODE)]).toEqual(['http://127.0.0.1:8420'])
    // no app origin named: the app shares the worker's origin (the unsafe one-origin layout)
    expect([...appOriginsOf({ appOrigins: [] }, NODE)]).toEqual([NODE])
    expect([...appOriginsOf({ appOrigins: ['not a url', 'data:,x'] }, NODE)]).toEqual([NODE])
    // the same worker on the app's origin keeps the app's files and replays nothing
    expect(replaysHere({ ...config, replayOrigin: NODE }, NODE)).toBe(true)
    expect(replaysHere({ ...config, replayOrigin: NODE }, 'http://127.0.0.1:8420')).toBe(false)
    expect(replaysHere(config, 'http://127.0.0.1:8420')).toBe(true)
  })

  it('take the app\'s settings in memory and say when the sources changed', async () => {
    const settings = new SwSettings(defaultSettings(config), async () => false)
    expect(settings.quota()).toBe(Number.POSITIVE_INFINITY)
    expect(await settings.current()).toEqual(defaultSettings(config))
    // a call with no settings of the app's own: the defaults stand, and eviction may run
    expect(settings.push(undefined, undefined)).toBe(false)
    expect(settings.quota()).toBe(DEFAULT_QUOTA_BYTES)
    expect(settings.push(mine, { crawl: 'k51qzi5uqu5dlvj2baxnqndepeb86cbk3ng7n3i46uzyxzyqj2xjonzllnv0v8' })).toBe(true)
    expect(settings.push({ ...mine, quotaBytes: 32 * 1024 * 1024 }, undefined)).toBe(false)
    expect(settings.quota()).toBe(32 * 1024 * 1024)
    expect(settings.nameOf('crawl')).toMatch(/^k51/)
    expect(settings.nameOf('toString')).toBeUndefined()
  })

  it('wait for an open app to push them after a restart, and no longer than their patience', async () => {
    let asked = 0
    const waiting = new SwSettings(defaultSettings(config), async () => { asked++; return true }, 60_000)
    const current = waiting.current()
    await Promise.resolve()
    waiting.push(mine, undefined)
    expect(await current).toEqual(mine)
    expect(asked).toBe(1)
    const impatient = new SwSettings(defaultSettings(config), async () => true, 5)
    expect(await impatient.current()).toEqual(defaultSettings(config))
  })
})
