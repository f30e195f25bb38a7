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

const SAMPLE_ARCHIVE = 'sample'

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
    const SAMPLE_WARC = join(packageRoot(), 'samples', 'memento-us.warc')
    const hasSample = await withStore(parsed, ctx, async store => (await new ArchiveRegistry(store).get(SAMPLE_ARCHIVE)) != null)
    if (!hasSample) {
      ctx.stdout.write(`first run: ingesting the sample archive (${SAMPLE_WARC}) as "${SAMPLE_ARCHIVE}"\n`)
      await ingestCommand.run(parseCommandArgs([SAMPLE_WARC, '--archive', SAMPLE_ARCHIVE, ...dataArgs], ingestCommand.options), ctx)
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
        if (m?.[1] != null) {
          out.write(`\nopen the sample archive:\n  ${m[1]}#/${SAMPLE_ARCHIVE}/http://memento.us/             (in the browser: the app, replayed by its service worker)\n` +
            `  ${m[1]}${SAMPLE_ARCHIVE}/http://memento.us/              (latest memento, replayed by the node)\n` +
            `  ${m[1]}${SAMPLE_ARCHIVE}/timemap/link/http://memento.us/  (every memento)\n\n`)
        }
        return written
      }
    }
    await serveCommand.run(parseCommandArgs(['--port', port, ...dataArgs], serveCommand.options), { ...ctx, stdout: announce })
  }
}
