import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { toDigits } from '../../src/core/datetime.ts'
import { FIXTURES, fresh, iparo, json, serve, type Served } from '../../e2e/support/iparo-process.ts'
import type { ServedFacts } from './request-generators.ts'

/** A record whose target URI holds a Latin-1 byte (not UTF-8): the kind of URL that once made replay answer 500. */
function latin1UrlWarc (dir: string): string {
  const http = Buffer.from('HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 2\r\n\r\nok')
  const path = join(dir, 'latin1-url.warc')
  writeFileSync(path, Buffer.concat([
    Buffer.from('WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: http://c.example/caf'), Buffer.from([0xe9]),
    Buffer.from(`\r\nWARC-Date: 2020-01-01T00:00:00Z\r\nContent-Type: application/http; msgtype=response\r\nContent-Length: ${http.length}\r\n\r\n`),
    http, Buffer.from('\r\n\r\n')
  ]))
  return path
}

export interface FuzzTarget {
  served: Served
  port: number
  facts: ServedFacts
  stop: () => Promise<void>
}

/** A fresh data folder with an archive of a few fixtures (pages, an image, POSTs, a redirect), served by a real `iparo serve` on 127.0.0.1. */
export async function startFuzzTarget (): Promise<FuzzTarget> {
  const data = fresh()
  const files = ['ipwb/5mementosAndFroggie.warc', 'ipwb/redirect.warc', 'pywb/example.warc.gz', 'pywb/post-test.warc.gz'].map(f => `${FIXTURES}${f}`)
  const report = json(await iparo(['ingest', ...files, latin1UrlWarc(data), '--archive', 'fuzz', '--data', data, '--json']))
  const iparos = report.iparos as Array<{ cid: string, uri: string, datetime: string }>
  const served = await serve(data, ['--replay-port', 'none'])
  const port = Number(new URL(served.url).port)
  const facts: ServedFacts = {
    archive: 'fuzz',
    ipns: String(report.ipns),
    root: String(report.root),
    cids: iparos.map(i => i.cid),
    urls: [...new Set(iparos.map(i => i.uri))],
    digits: iparos.map(i => toDigits(i.datetime))
  }
  return { served, port, facts, stop: async () => { await served.stop() } }
}
