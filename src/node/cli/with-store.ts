import { dataDir } from '../data-dir.ts'
import { openEmbeddedStore, type EmbeddedStore } from '../embedded-store.ts'
import { stringOption, type Parsed } from './cli-args.ts'
import { UsageError } from './cli-error.ts'
import type { CommandContext } from './command.ts'

/** `IPARO_LOCK_TIMEOUT` (seconds): how long a writer waits for another's lock; unset waits while it lives. */
function lockTimeoutMs (env: NodeJS.ProcessEnv): number | undefined {
  const text = env.IPARO_LOCK_TIMEOUT
  if (text == null || text === '') return undefined
  const seconds = Number(text)
  if (!Number.isFinite(seconds) || seconds < 0) throw new UsageError(`IPARO_LOCK_TIMEOUT takes a number of seconds, not ${JSON.stringify(text)}`)
  return seconds * 1000
}

/** Opens the embedded store named by --data / IPARO_HOME / XDG, runs `fn`, and always closes it. */
export async function withStore<T> (parsed: Parsed, ctx: CommandContext, fn: (store: EmbeddedStore) => Promise<T>): Promise<T> {
  const store = await openEmbeddedStore(dataDir(stringOption(parsed, 'data'), ctx.env), {
    lockTimeoutMs: lockTimeoutMs(ctx.env),
    onLockWait: (holder) => {
      ctx.stderr.write(`iparo: waiting for pid ${holder.pid} (iparo ${holder.command}, since ${holder.since}) to finish writing to this data folder\n`)
    }
  })
  try {
    return await fn(store)
  } finally {
    await store.close()
  }
}
