import '../polyfills.ts'
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { VERSION } from '../software.ts'
import { parseCommandArgs } from './cli-args.ts'
import { describeError, exitCodeFor, UsageError } from './cli-error.ts'
import type { Command, CommandContext } from './command.ts'
import { annotateCommand, annotationsCommand } from './commands/annotate-commands.ts'
import { archiveCommand } from './commands/archive-command.ts'
import { exportCommand, importCommand } from './commands/car-commands.ts'
import { catCommand } from './commands/cat-command.ts'
import { gcCommand } from './commands/gc-command.ts'
import { ingestCommand } from './commands/ingest-command.ts'
import { pinCommand } from './commands/pin-command.ts'
import { publishCommand, routersCommand } from './commands/publish-command.ts'
import { resolveCommand, timemapCommand } from './commands/resolve-commands.ts'
import { scanCommand } from './commands/scan-command.ts'
import { serveCommand } from './commands/serve-command.ts'
import { showCommand } from './commands/show-command.ts'
import { pushCommand } from './commands/push-command.ts'
import { startCommand } from './commands/start-command.ts'
import { tokenCommand } from './commands/token-command.ts'

/** The commands, in the order `iparo --help` lists them. */
export const COMMANDS: Command[] = [
  ingestCommand, serveCommand, startCommand, archiveCommand, resolveCommand, timemapCommand, scanCommand, annotateCommand, annotationsCommand, showCommand, catCommand,
  exportCommand, importCommand, gcCommand, tokenCommand, pushCommand, publishCommand, routersCommand, pinCommand
]

function help (): string {
  return [
    `iparo ${VERSION}: a web archive whose index lives in IPFS`,
    '',
    'usage: iparo <command> [options]   (global: --data DIR, --json, --help)',
    '',
    ...COMMANDS.map(c => `  ${c.usage.padEnd(58)} ${c.summary}`),
    '',
    'The store is --data DIR, else $IPARO_HOME, else $XDG_DATA_HOME/iparo, else ~/.local/share/iparo.'
  ].join('\n') + '\n'
}

/** Runs one command line; returns the exit code. Every error becomes a message and a code here. */
export async function runCli (argv: string[], ctx: CommandContext): Promise<number> {
  const name = argv.find(a => !a.startsWith('-') && argv[argv.indexOf(a) - 1] !== '--data')
  const rest = argv.filter((_, i) => i !== argv.indexOf(name ?? ''))
  try {
    if (name == null) {
      if (argv.includes('--version')) { ctx.stdout.write(`${VERSION}\n`); return 0 }
      ctx.stdout.write(help())
      return argv.includes('--help') || argv.includes('-h') ? 0 : 2
    }
    const command = COMMANDS.find(c => c.name === name)
    if (command == null) throw new UsageError(`unknown command ${JSON.stringify(name)} (see iparo --help)`)
    const parsed = parseCommandArgs(rest, command.options)
    if (parsed.values.help === true) {
      ctx.stdout.write(`usage: ${command.usage}\n  ${command.summary}\n${command.details != null ? `\n${command.details}\n` : ''}`)
      return 0
    }
    await command.run(parsed, ctx)
    return 0
  } catch (err) {
    ctx.stderr.write(`iparo: ${describeError(err)}\n`)
    return exitCodeFor(err)
  }
}

/** The process entry: real stdio, exit code on the process. Called by bin/iparo.js. */
export async function main (argv: string[] = process.argv.slice(2)): Promise<void> {
  process.stdout.on('error', (err: NodeJS.ErrnoException) => { if (err.code === 'EPIPE') process.exit(0) })
  process.exitCode = await runCli(argv, {
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    pipeOut: async (chunks) => { await pipeline(Readable.from(chunks), process.stdout, { end: false }) }
  })
}
