// Makes samples/iparo-docs.warc.gz, the archive `npm start` ingests on first run: the project's README
// and docs, published as a small website at http://iparo.example/ by a local server, crawled by GNU Wget
// once per commit below, with the clock (libfaketime) set to just after that commit. samples/README.md
// says what it holds. Needs git, wget (with WARC support) and faketime on the PATH.
//   npx tsx samples/make-sample.mts [COMMIT…]   (default: the three commits below)
import { spawn, execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { docsSiteAt, type DocsSite } from './docs-site.mts'

/** RFC 2606 reserves .example for documentation: the sample never names a real site. */
const HOST = 'iparo.example'
/** The first README, the end of the first day's work, and the docs as of 2026-12-07. */
const COMMITS = ['1de2e8e', 'af9d0d0', 'd51d47b']
/** Each crawl starts this long after its commit. */
const CRAWL_AFTER_MS = 10 * 60 * 1000
const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..')
const OUT = join(ROOT, 'samples', 'iparo-docs.warc.gz')

interface Crawl { site: DocsSite, start: Date, realStart: number }

/**
 * The website as a plain HTTP proxy sees it: wget asks for `GET http://iparo.example/… HTTP/1.1`, so
 * the WARC records that URL and Host header, not the loopback address the server listens on.
 */
function startServer (current: () => Crawl): Promise<{ server: Server, port: number }> {
  const server = createServer((req, res) => {
    const crawl = current()
    // the crawl's clock, not the real one: the Date header then agrees with the WARC-Date
    const now = new Date(crawl.start.getTime() + Date.now() - crawl.realStart).toUTCString()
    let url: URL | undefined
    try { url = new URL(req.url ?? '') } catch { url = undefined }
    if (url?.host !== HOST || req.headers.host !== HOST) {
      res.writeHead(400, { 'Content-Type': 'text/plain', Date: now }).end(`only http://${HOST}/ is served here\n`)
      return
    }
    const file = crawl.site.files.get(url.pathname)
    if (file == null || (req.method !== 'GET' && req.method !== 'HEAD')) {
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8', Date: now }).end('not found\n')
      return
    }
    res.writeHead(200, {
      Date: now,
      'Content-Type': file.type,
      'Content-Length': file.body.byteLength,
      'Last-Modified': crawl.site.date.toUTCString()
    })
    res.end(req.method === 'HEAD' ? undefined : file.body)
  })
  return new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      if (address == null || typeof address === 'string') reject(new Error('no port'))
      else resolve({ server, port: address.port })
    })
  })
}

/** `faketime` takes local time: the crawl runs in UTC so that it means UTC. */
function fakeClock (date: Date): string {
  return date.toISOString().slice(0, 19).replace('T', ' ')
}

function run (command: string, args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'inherit', 'inherit'], env })
    child.once('error', reject)
    child.once('exit', code => {
      if (code === 0) resolve()
      else reject(new Error(`${command} exited with ${code}`))
    })
  })
}

/**
 * One crawl by wget, into `warc` (.warc.gz, one gzip member per record) and its CDX. Payloads the earlier
 * crawls already hold (their CDX lines in `dedup`) are written as revisit records, as wget does.
 */
async function crawl (n: number, tmp: string, port: number, start: Date, dedup: string | undefined): Promise<void> {
  const args = [
    fakeClock(start), 'wget',
    '--recursive', '--level=inf', '--page-requisites', '--no-verbose',
    '-e', 'robots=off', '-e', 'use_proxy=yes', '-e', `http_proxy=http://127.0.0.1:${port}`,
    '--directory-prefix', join(tmp, `mirror-${n}`), '--delete-after',
    '--warc-file', join(tmp, `crawl-${n}`), '--warc-cdx',
    ...(dedup != null ? ['--warc-dedup', dedup] : []),
    '--warc-header', 'description: IPARO\'s README and docs as a website, for the sample archive of `npm start` (samples/make-sample.mts)',
    `http://${HOST}/`
  ]
  await run('faketime', args, { ...process.env, TZ: 'UTC' })
}

/** wget's --warc-dedup takes one CDX: the header line of the first, then every crawl's lines. */
function mergeCdx (files: string[], out: string): void {
  const lines: string[] = []
  files.forEach((file, i) => {
    const own = readFileSync(file, 'utf8').split('\n').filter(l => l !== '')
    lines.push(...(i === 0 ? own : own.slice(1)))
  })
  writeFileSync(out, lines.join('\n') + '\n')
}

async function main (): Promise<void> {
  process.chdir(ROOT)
  const commits = process.argv.length > 2 ? process.argv.slice(2) : COMMITS
  const last = commits[commits.length - 1] ?? 'HEAD'
  const logo = execFileSync('git', ['show', `${last}:public/favicon.svg`])
  const tmp = mkdtempSync(join(tmpdir(), 'iparo-sample-'))
  let current: Crawl | undefined
  const { server, port } = await startServer(() => {
    if (current == null) throw new Error('no crawl under way')
    return current
  })
  try {
    const warcs: string[] = []
    const cdxs: string[] = []
    for (const [i, commit] of commits.entries()) {
      const site = docsSiteAt(commit, logo)
      const start = new Date(site.date.getTime() + CRAWL_AFTER_MS)
      current = { site, start, realStart: Date.now() }
      let dedup: string | undefined
      if (cdxs.length > 0) {
        dedup = join(tmp, `dedup-${i}.cdx`)
        mergeCdx(cdxs, dedup)
      }
      process.stdout.write(`crawl ${i + 1}: ${site.commit.slice(0, 7)} (${site.files.size} files) at ${start.toISOString()}\n`)
      await crawl(i + 1, tmp, port, start, dedup)
      warcs.push(join(tmp, `crawl-${i + 1}.warc.gz`))
      cdxs.push(join(tmp, `crawl-${i + 1}.cdx`))
    }
    // A .warc.gz is a series of gzip members: the crawls' files end to end are one valid WARC file.
    writeFileSync(OUT, Buffer.concat(warcs.map(w => readFileSync(w))))
    process.stdout.write(`${OUT}: ${statSync(OUT).size} bytes\n`)
  } finally {
    server.close()
    rmSync(tmp, { recursive: true, force: true })
  }
}

await main()
