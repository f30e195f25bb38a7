import { generateKeyPair } from '@libp2p/crypto/keys'
import { CID } from 'multiformats/cid'
import { sha256 } from 'multiformats/hashes/sha2'
import * as raw from 'multiformats/codecs/raw'
import { beforeAll, describe, expect, it } from 'vitest'
import { ipnsNameOf } from '../core/naming/ipns-name.ts'
import { linkReach } from './link-reach.ts'
import type { NodeArchiveInfo, NodeInfo } from './node-info.ts'
import { cleanAppUrl } from './public-app-url.ts'
import { availability, findArchive, shareLinks, type ShareContext } from './share-links.ts'

let ipns: string
let cid: string
let archive: NodeArchiveInfo
const target = { archive: 'iana', datetime: '20140126200624', url: 'http://www.iana.org/' }
const offline: NodeInfo = { appUrl: undefined, network: { online: false }, routers: ['https://delegated-ipfs.dev'] }
const reachable: NodeInfo = { appUrl: undefined, network: { online: true, peerId: '12D3KooW', addresses: ['/ip4/203.0.113.7/tcp/4001/p2p/12D3KooW'], reachability: { status: 'public', detail: 'reachable from outside at a public address' } }, routers: [] }
const privateOnly: NodeInfo = { ...reachable, network: { online: true, peerId: '12D3KooW', addresses: ['/ip4/127.0.0.1/tcp/4001/p2p/12D3KooW'], reachability: { status: 'private', detail: 'reachable only on this machine' } } }

beforeAll(async () => {
  ipns = ipnsNameOf(await generateKeyPair('Ed25519'))
  cid = CID.createV1(raw.code, await sha256.digest(new TextEncoder().encode('an IPARO'))).toString()
  archive = { name: 'iana', ipns, root: cid, published: [], pins: [], announced: false }
})

function context (over: Partial<ShareContext> = {}): ShareContext {
  return { target, cid, current: 'http://127.0.0.1:8420/#/iana/20140126200624/http://www.iana.org/', setting: undefined, node: offline, archive, knownIpns: undefined, gateway: 'https://ipfs.io', ...over }
}

describe('share links', () => {
  it('names the archive by its IPNS name, never its local name, and says a loopback link works only here', () => {
    const links = shareLinks(context())
    expect(links.replay).toBe(`http://127.0.0.1:8420/#/${ipns}/20140126200624/http://www.iana.org/`)
    expect(links.base).toBe('current')
    expect(links.reach).toBe('machine')
    expect(links.reachNote).toMatch(/^This link works only on this machine: 127\.0\.0\.1:8420 is this computer's own address\..*iparo serve --app-url URL.*Public app URL/)
    // offline, the name the app remembered stands in for the node's list
    expect(shareLinks(context({ node: undefined, archive: undefined, knownIpns: ipns })).replay).toContain(`#/${ipns}/`)
    // with no IPNS name known, the local name stays and the panel says why
    const unknown = shareLinks(context({ node: undefined, archive: undefined }))
    expect(unknown.replay).toContain('#/iana/')
    expect(unknown.notes.join(' ')).toMatch(/local name “iana”.*IPNS name is not known here/)
  })

  it('uses the public app URL: the setting first, then the node’s --app-url', () => {
    const node = { ...offline, appUrl: 'https://node.example/app/' }
    expect(shareLinks(context({ node })).replay).toBe(`https://node.example/app/#/${ipns}/20140126200624/http://www.iana.org/`)
    const links = shareLinks(context({ node, setting: 'https://archive.example.org/iparo/' }))
    expect(links.replay).toBe(`https://archive.example.org/iparo/#/${ipns}/20140126200624/http://www.iana.org/`)
    expect(links).toMatchObject({ base: 'setting', reach: 'anyone', reachNote: undefined })
    // public, but nothing published or fetchable yet: said plainly
    expect(links.notes.join(' ')).toMatch(/not published where others can look it up: run `iparo publish iana`.*offline/)
    // a static host's own public address needs no setting
    expect(shareLinks(context({ node: undefined, current: 'https://someone.github.io/iparo/#/x' })).replay).toMatch(/^https:\/\/someone\.github\.io\/iparo\/#\//)
    expect(shareLinks(context({ current: 'http://192.168.1.20:8420/' })).reachNote).toMatch(/only on this network: 192\.168\.1\.20:8420 is a private address/)
  })

  it('offers the gateway link only for an archive announced by a reachable node or pinned', () => {
    const gateway = `https://ipfs.io/ipfs/${cid}?filename=${cid}.warc&download=true`
    expect(shareLinks(context()).gateway).toBeUndefined()
    expect(shareLinks(context()).gatewayWhy).toMatch(/offline.*iparo pin iana --service URL --token TOKEN/)
    expect(shareLinks(context({ node: undefined, archive: undefined })).gatewayWhy).toMatch(/^No IPARO node answered here/)
    expect(shareLinks(context({ node: reachable })).gatewayWhy).toMatch(/does not announce this archive/)
    const announced = { ...archive, announced: true }
    expect(shareLinks(context({ node: privateOnly, archive: announced })).gatewayWhy).toMatch(/announces the archive, but peers outside cannot reach it: reachable only on this machine/)
    expect(shareLinks(context({ node: reachable, archive: announced })).gateway).toBe(gateway)
    const queued = { ...archive, pins: [{ service: 'lab', endpoint: 'https://lab.example/pinning', status: 'queued' as const, updated: undefined, cid: undefined }] }
    expect(shareLinks(context({ archive: queued })).gatewayWhy).toMatch(/Its pins are not done \(lab: queued\)/)
    const pinned = { ...archive, pins: [{ ...queued.pins[0]!, status: 'pinned' as const }] }
    const links = shareLinks(context({ archive: pinned, gateway: 'dweb.link' }))
    expect(links.gateway).toBe(`https://dweb.link/ipfs/${cid}?filename=${cid}.warc&download=true`)
    expect(links.gatewayWhy).toBe('Pinned at lab: a public gateway can fetch it from there.')
    // a pin of an earlier root holds none of the captures made since: it does not count
    const earlier = { ...archive, pins: [{ ...pinned.pins[0]!, cid: 'bafyearlierroot' }] }
    expect(shareLinks(context({ archive: earlier })).gateway).toBeUndefined()
    expect(shareLinks(context({ archive: earlier })).gatewayWhy).toMatch(/Its pins are not done \(lab: pinned, an earlier state\)/)
    expect(shareLinks(context({ archive: { ...earlier, pins: [{ ...earlier.pins[0]!, cid }] } })).gateway).toBe(gateway)
    // no content address, no link, whatever the availability
    expect(shareLinks(context({ archive: pinned, cid: undefined })).gateway).toBeUndefined()
    expect(availability({ node: reachable, archive: announced }).available).toBe(true)
  })

  it('finds the node’s archive by local name, IPNS name or root', () => {
    expect(findArchive([archive], 'IANA')).toBe(archive)
    expect(findArchive([archive], ipns)).toBe(archive)
    expect(findArchive([archive], cid)).toBe(archive)
    expect(findArchive([archive], 'other')).toBeUndefined()
    expect(findArchive(undefined, 'iana')).toBeUndefined()
  })
})

describe('link reach', () => {
  it('tells this machine, a private network and anyone apart by the host', () => {
    for (const url of ['http://127.0.0.1:8420/', 'http://localhost/', 'http://app.localhost/', 'http://[::1]:8420/', 'http://[::ffff:127.0.0.1]/', 'http://0.0.0.0/', 'not a url']) expect(linkReach(url), url).toBe('machine')
    for (const url of ['http://10.1.2.3/', 'http://172.20.0.1/', 'http://192.168.0.9/', 'http://169.254.1.1/', 'http://100.64.0.1/', 'http://[fd12::1]/', 'http://[fe80::1]/', 'http://nas.local/', 'http://printer/', 'http://box.home.arpa/']) expect(linkReach(url), url).toBe('network')
    for (const url of ['https://archive.example.org/', 'http://203.0.113.7:8420/', 'http://172.32.0.1/', 'https://[2001:db8::1]/']) expect(linkReach(url), url).toBe('anyone')
  })
})

describe('public app URL setting', () => {
  it('keeps an http(s) URL as the base of links, and refuses anything else with a sentence', () => {
    expect(cleanAppUrl('  ')).toEqual({ ok: true, url: undefined })
    expect(cleanAppUrl('https://archive.example.org/iparo#/x')).toEqual({ ok: true, url: 'https://archive.example.org/iparo/' })
    expect(cleanAppUrl('https://archive.example.org/index.html')).toEqual({ ok: true, url: 'https://archive.example.org/index.html' })
    expect(cleanAppUrl('ftp://x.org/')).toEqual({ ok: false, message: '"ftp://x.org/" is not an http:// or https:// URL' })
    expect(cleanAppUrl('https://me:secret@x.org/')).toMatchObject({ ok: false })
  })

  it('downloads the version as <cid>.warc from the node that holds it', () => {
    expect(shareLinks(context()).download).toBe(`http://127.0.0.1:8420/ipfs/${cid}?filename=${cid}.warc&download=true`)
    // no node, or one without this archive: nothing to download from here
    expect(shareLinks(context({ node: undefined, archive: undefined })).download).toBeUndefined()
    expect(shareLinks(context({ archive: undefined })).download).toBeUndefined()
    expect(shareLinks(context({ cid: undefined })).download).toBeUndefined()
  })
})
