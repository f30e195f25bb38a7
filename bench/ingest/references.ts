/**
 * The two references of bench/ingest, as programs of their own: `node references.mjs <floor|warcio> files…`
 * (bundled by run.ts, so a run pays Node's start and module loading, as `iparo ingest` does, and no
 * TypeScript loader). Prints {"records": n} (0 for the floor).
 *
 * - floor: Node's native gunzip and sha256 over every decompressed byte.
 * - warcio: warcio.js's own parser (it inflates with pako) and sha256 of every record's content.
 */
import { createHash } from 'node:crypto'
import { createReadStream } from 'node:fs'
import { pathToFileURL } from 'node:url'
import { createGunzip } from 'node:zlib'
import { WARCParser } from 'warcio'

export async function gunzipHash (files: string[]): Promise<number> {
  for (const file of files) {
    const hash = createHash('sha256')
    for await (const chunk of createReadStream(file).pipe(createGunzip())) hash.update(chunk as Buffer)
    hash.digest()
  }
  return 0
}

export async function warcioHash (files: string[]): Promise<number> {
  // warcio logs every record whose Content-Length is short (the iana.org requests); printing thousands
  // of lines would slow the reference and flatter our ratio, so its console is silenced here.
  const warn = console.warn
  const log = console.log
  console.warn = () => {}
  console.log = () => {}
  try {
    let records = 0
    for (const file of files) {
      for await (const record of new WARCParser(createReadStream(file) as AsyncIterable<Uint8Array>)) {
        const hash = createHash('sha256')
        for await (const chunk of record) hash.update(chunk)
        hash.digest()
        records++
      }
    }
    return records
  } finally {
    console.warn = warn
    console.log = log
  }
}

// run as a program (the bundle), not when run.ts imports warcioHash for its in-process row
const [which, ...files] = process.argv.slice(2)
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href && (which === 'floor' || which === 'warcio')) {
  const records = await (which === 'floor' ? gunzipHash(files) : warcioHash(files))
  process.stdout.write(JSON.stringify({ records }) + '\n')
}
