import type { ParseArgsConfig } from 'node:util'
import type { Parsed } from './cli-args.ts'

export interface Output {
  write (text: string | Uint8Array): boolean | void
}

export interface CommandContext {
  stdout: Output & { isTTY?: boolean }
  stderr: Output & { isTTY?: boolean }
  env: NodeJS.ProcessEnv
  /** streams binary output to stdout, honouring backpressure */
  pipeOut (chunks: AsyncIterable<Uint8Array>): Promise<void>
}

/** One CLI command: its name(s), its options, and what it does. */
export interface Command {
  name: string
  summary: string
  usage: string
  /** more help, printed by `iparo <command> --help` */
  details?: string
  options: NonNullable<ParseArgsConfig['options']>
  run (parsed: Parsed, ctx: CommandContext): Promise<void>
}

export function printJson (ctx: CommandContext, value: unknown): void {
  ctx.stdout.write(JSON.stringify(value, null, 2) + '\n')
}
