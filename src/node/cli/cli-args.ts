import { parseArgs, type ParseArgsConfig } from 'node:util'
import { UsageError } from './cli-error.ts'

/** Options every command accepts, before or after the command name. */
export const GLOBAL_OPTIONS = {
  data: { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' }
} as const satisfies ParseArgsConfig['options']

export interface Parsed {
  values: Record<string, string | boolean | string[] | undefined>
  positionals: string[]
}

/** Parses a command's arguments with the global options merged in; unknown options are usage errors. */
export function parseCommandArgs (args: string[], options: NonNullable<ParseArgsConfig['options']>): Parsed {
  try {
    const { values, positionals } = parseArgs({ args, options: { ...GLOBAL_OPTIONS, ...options }, allowPositionals: true, strict: true })
    return { values: values as Parsed['values'], positionals }
  } catch (err) {
    throw new UsageError((err as Error).message, { cause: err })
  }
}

export function stringOption (parsed: Parsed, name: string): string | undefined {
  const value = parsed.values[name]
  return typeof value === 'string' ? value : undefined
}

export function flag (parsed: Parsed, name: string): boolean {
  return parsed.values[name] === true
}
