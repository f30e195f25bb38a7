/* global performance, setInterval, clearInterval, WritableStream -- Node 20 globals */
// One zip library reading every member of a zip, in a process of its own (bench/wacz/zip-libraries.ts):
//   node bench/wacz/read-zip.mjs zipjs|yauzl|fflate big.zip   → one JSON line
import { createHash } from 'node:crypto'
import { createReadStream } from 'node:fs'
import { open } from 'node:fs/promises'

const [lib, path] = process.argv.slice(2)
const t0 = performance.now()
let bytes = 0
let peak = 0
const sampler = setInterval(() => { peak = Math.max(peak, process.memoryUsage().rss) }, 20)
const hash = createHash('sha256')
const take = (chunk) => { bytes += chunk.length; hash.update(chunk) }

async function zipjs () {
  const zip = await import('@zip.js/zip.js')
  const fh = await open(path, 'r')
  class FileReader extends zip.Reader {
    async init () { this.size = (await fh.stat()).size }
    async readUint8Array (offset, length) { const b = new Uint8Array(length); await fh.read(b, 0, length, offset); return b }
  }
  const reader = new zip.ZipReader(new FileReader(), { useWebWorkers: false })
  for (const e of await reader.getEntries()) {
    if (!e.directory) await e.getData(new WritableStream({ write (c) { take(c) } }))
  }
  await reader.close()
  await fh.close()
}

async function yauzl () {
  const { default: y } = await import('yauzl')
  await new Promise((resolve, reject) => y.open(path, { lazyEntries: true }, (err, zf) => {
    if (err != null) return reject(err)
    zf.readEntry()
    zf.on('entry', (e) => zf.openReadStream(e, (err, s) => { if (err != null) return reject(err); s.on('data', take); s.on('end', () => zf.readEntry()) }))
    zf.on('end', resolve)
  }))
}

async function fflate () {
  const { Unzip, UnzipInflate } = await import('fflate')
  await new Promise((resolve, reject) => {
    const uz = new Unzip()
    uz.register(UnzipInflate)
    let opened = 0
    let ended = false
    uz.onfile = (f) => {
      opened++
      f.ondata = (err, c, final) => { if (err != null) reject(err); take(c); if (final) { opened--; if (ended && opened === 0) resolve() } }
      f.start()
    }
    const s = createReadStream(path, { highWaterMark: 1 << 20 })
    s.on('data', (c) => uz.push(c))
    s.on('end', () => { uz.push(new Uint8Array(0), true); ended = true; if (opened === 0) resolve() })
  })
}

await ({ zipjs, yauzl, fflate })[lib]()
clearInterval(sampler)
peak = Math.max(peak, process.memoryUsage().rss)
const seconds = (performance.now() - t0) / 1000
console.log(JSON.stringify({ lib, bytes, seconds, peakRssMB: peak / 1e6, sha256: hash.digest('hex') }))
