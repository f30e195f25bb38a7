import { createServer } from 'node:net'
import { join } from 'node:path'
import { ensureAppBuilt } from '../../app-build.ts'
import { ArchiveRegistry } from '../../archive-registry.ts'
import { packageRoot } from '../../package-root.ts'
import { parseCommandArgs, stringOption } from '../cli-args.ts'
import type { Command } from '../command.ts'
import { withStore } from '../with-store.ts'
import { ingestCommand } from './ingest-command.ts'
import { DEFAULT_PORT, serveCommand } from './serve-command.ts'

/**
 * The bundled sample (samples/README.md): IPARO's README and docs as a small website, crawled by wget at
 * three commits, so its home page has three versions and its pages link to each other.
 */
export const SAMPLE = {
  archive: 'sample',
  file: 'iparo-docs.warc.gz',
  home: 'http://iparo.example/',
  /** the day of the first crawl: this URI-M redirects to the home page's first version */
  firstDay: '20261121'
} as const

/** What to open once the node serves at `base` (which ends with `/`). */
export function sampleUrls (base: string): string {
  const rows: Array<[string, string]> = [
    [`${base}#/${SAMPLE.archive}/${SAMPLE.home}`, 'in the browser: the app, replayed by its service worker'],
    [`${base}${SAMPLE.archive}/${SAMPLE.home}`, 'the home page\'s latest version, replayed by the node'],
    [`${base}${SAMPLE.archive}/${SAMPLE.firstDay}/${SAMPLE.home}`, 'its first version, 2026-11-21: follow its links'],
    [`${base}${SAMPLE.archive}/timemap/link/${SAMPLE.home}`, 'every version']
  ]
  const width = Math.max(...rows.map(([url]) => url.length))
  return `\nopen the sample archive (IPARO's README and docs, crawled at three commits):\n` +
    rows.map(([url, what]) => `  ${url.padEnd(width)}  (${what})\n`).join('') + '\n'
}

/** Whether something already listens on the port (then `start` takes any free one rather than failing). */
async function portTaken (port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer()
    probe.once('error', () => { resolve(true) })
    probe.listen(port, '127.0.0.1', () => { probe.close(() => { resolve(false) }) })
  })
}

/**
 * What `npm start` runs for a newcomer: the bundled sample archive ingested on first run, then the
 * local node, with the URLs to open.
 */
export const startCommand: Command = {
  name: 'start',
  summary: 'first run: ingest the bundled sample archive; build the web app when stale; then serve (what `npm start` runs)',
  usage: `iparo start [--port N (default ${DEFAULT_PORT})]`,
  options: { port: { type: 'string' } },
  async run (parsed, ctx) {
    const data = stringOption(parsed, 'data')
    const dataArgs = data != null ? ['--data', data] : []
    const SAMPLE_WARC = join(packageRoot(), 'samples', SAMPLE.file)
    const hasSample = await withStore(parsed, ctx, async store => (await new ArchiveRegistry(store).get(SAMPLE.archive)) != null)
    if (!hasSample) {
      ctx.stdout.write(`first run: ingesting the sample archive (${SAMPLE_WARC}) as "${SAMPLE.archive}"\n`)
      await ingestCommand.run(parseCommandArgs([SAMPLE_WARC, '--archive', SAMPLE.archive, ...dataArgs], ingestCommand.options), ctx)
    }
    await ensureAppBuilt(packageRoot(), line => { ctx.stdout.write(`${line}\n`) })
    let port = stringOption(parsed, 'port') ?? String(DEFAULT_PORT)
    if (port !== '0' && await portTaken(Number(port))) {
      ctx.stdout.write(`port ${port} is in use; taking a free one\n`)
      port = '0'
    }
    const out = ctx.stdout
    // serve prints its `iparo serving URL` line first; the sample's URLs follow it
    const announce: typeof ctx.stdout = {
      isTTY: out.isTTY,
      write (text) {
        const written = out.write(text)
        const m = typeof text === 'string' ? /^iparo serving (\S+)/.exec(text) : null
        if (m?.[1] != null) out.write(sampleUrls(m[1]))
        return written
      }
    }
    await serveCommand.run(parseCommandArgs(['--port', port, ...dataArgs], serveCommand.options), { ...ctx, stdout: announce })
  }
}
