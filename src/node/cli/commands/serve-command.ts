import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { packageRoot } from '../../package-root.ts'
import { startLocalNode, type LocalNode } from '../../serve/local-node.ts'
import { stringOption } from '../cli-args.ts'
import { UsageError } from '../cli-error.ts'
import type { Command } from '../command.ts'
import { withStore } from '../with-store.ts'

export const DEFAULT_PORT = 8420

/** The built web app, when `npm run build` has made it (dist/app next to the CLI bundle). */
function defaultAppDir (): string | undefined {
  const dir = join(packageRoot(), 'dist', 'app')
  return existsSync(join(dir, 'index.html')) ? dir : undefined
}

function portOf (text: string | undefined): number {
  if (text == null) return DEFAULT_PORT
  const port = Number(text)
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port wants 0–65535 (0 for any free port), not ${JSON.stringify(text)}`)
  return port
}

/** The replay origin's port: the next one by default (any free one with --port 0), `none` for one origin only. */
function replayPortOf (text: string | undefined, port: number): number | undefined {
  if (text === 'none') return undefined
  if (text == null) return port === 0 || port === 65535 ? 0 : port + 1
  return portOf(text)
}

export const serveCommand: Command = {
  name: 'serve',
  summary: 'the local IPFS HTTP node: Memento replay, trustless gateway, delegated routing, the web app',
  usage: `iparo serve [--port N (default ${DEFAULT_PORT}, 0: any)] [--replay-port N (default: port + 1, 0: any, none: one origin)] [--app DIR]`,
  options: { port: { type: 'string' }, 'replay-port': { type: 'string' }, host: { type: 'string' }, app: { type: 'string' } },
  async run (parsed, ctx) {
    const port = portOf(stringOption(parsed, 'port'))
    const replayPort = replayPortOf(stringOption(parsed, 'replay-port'), port)
    const appDir = stringOption(parsed, 'app') ?? defaultAppDir()
    const replayPortGiven = stringOption(parsed, 'replay-port') != null
    await withStore(parsed, ctx, async (store) => {
      const start = async (replay: number | undefined): Promise<LocalNode> => startLocalNode({
        store,
        port,
        host: stringOption(parsed, 'host'),
        appDir,
        ...(replay != null ? { replayPort: replay } : {}),
        log: line => { ctx.stderr.write(`${line}\n`) }
      })
      let node: LocalNode
      try {
        node = await start(replayPort)
      } catch (err) {
        // The next port is only a default: when it is taken, any free one will do.
        const e = err as { code?: string, port?: number }
        if (replayPortGiven || replayPort == null || replayPort === 0 || e.code !== 'EADDRINUSE' || e.port !== replayPort) throw err
        node = await start(0)
      }
      // The first line is the contract scripts and tests read (issue 4): nothing may print before it.
      // The replay origin is the second line, written with it so that nothing can come between them.
      ctx.stdout.write(`iparo serving ${node.url}\n` + (node.replayUrl != null ? `iparo replay origin ${node.replayUrl}\n` : ''))
      ctx.stdout.write(`  data   ${store.dir}\n  app    ${appDir ?? '(not built: npm run build)'}\n  replay ${node.url}<archive>/<datetime>/<url>   stop with Ctrl-C\n`)
      await new Promise<void>((resolve) => {
        const stop = (): void => { process.off('SIGINT', stop); process.off('SIGTERM', stop); resolve() }
        process.on('SIGINT', stop)
        process.on('SIGTERM', stop)
      })
      await node.close()
    })
  }
}
