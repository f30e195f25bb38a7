import { dataDir } from '../data-dir.ts'
import { openEmbeddedStore, type EmbeddedStore } from '../embedded-store.ts'
import { stringOption, type Parsed } from './cli-args.ts'
import type { CommandContext } from './command.ts'

/** Opens the embedded store named by --data / IPARO_HOME / XDG, runs `fn`, and always closes it. */
export async function withStore<T> (parsed: Parsed, ctx: CommandContext, fn: (store: EmbeddedStore) => Promise<T>): Promise<T> {
  const store = await openEmbeddedStore(dataDir(stringOption(parsed, 'data'), ctx.env))
  try {
    return await fn(store)
  } finally {
    await store.close()
  }
}
