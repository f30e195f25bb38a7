import { existsSync } from 'node:fs'
import { availableParallelism } from 'node:os'
import { fileURLToPath } from 'node:url'
import { Worker } from 'node:worker_threads'
import { CID } from 'multiformats/cid'
import type { IngestItem } from '../../core/ingest/read-record-outcomes.ts'
import type { BlockSink } from '../../core/iparo/kubo-import.ts'
import { itemFromWire } from './ingest-wire.ts'
import type { FromParser, ToParser } from './worker-messages.ts'

/**
 * The worker's script: the bundle the CLI launcher builds next to its own (dist/warc-parse-worker.js).
 * Run from the TypeScript sources (tests, tsx) there is none, and the ingest stays on one thread.
 */
const WORKER_SCRIPT = new URL('./warc-parse-worker.js', import.meta.url)

export function parseWorkerAvailable (): boolean {
  return import.meta.url.startsWith('file:') && existsSync(fileURLToPath(WORKER_SCRIPT))
}

/**
 * Whether an ingest should parse on a second thread: `IPARO_INGEST_WORKER=1` or `0` decides, else only
 * from 4 cores on. With 2, the second core is already busy with what the thread pool does for the
 * one-thread ingest (native inflate, file writes: a third of its CPU time), and the worker's own cost
 * (copying blocks across, a second heap) made the ingest use ~20% more CPU in all (bench/ingest).
 */
export function useParseWorker (setting: string | undefined, cores = availableParallelism()): boolean {
  if (!parseWorkerAvailable() || setting === '0') return false
  return setting === '1' || cores >= 4
}

/** One WARC file being parsed by the worker: its items, and its compressed bytes read so far. */
export interface WorkerWarc {
  items: (sink: BlockSink) => AsyncIterable<IngestItem>
  readonly fileBytesRead: number
}

/**
 * A second thread for ingest: the worker reads, inflates, parses, hashes and chunks the records
 * (all of `readRecordOutcomes`), while this thread stores the blocks and builds the archive (version
 * chains, IPARO roots, URL map). One file at a time; close() when done.
 */
export class WarcParseWorker {
  private readonly worker: Worker
  private readonly inbox: FromParser[] = []
  private wakeUp: (() => void) | undefined = undefined
  private failure: Error | undefined = undefined

  constructor (private readonly keepSecrets: boolean, script: URL = WORKER_SCRIPT) {
    // The parser makes much short-lived garbage and keeps little: a small young generation is
    // scavenged as fast and keeps ~40 MB of peak RSS off the ingest.
    this.worker = new Worker(script, { resourceLimits: { maxYoungGenerationSizeMb: 8 } })
    this.worker.on('message', (message: FromParser) => { this.inbox.push(message); this.wake() })
    this.worker.on('error', (err) => { this.failure ??= err; this.wake() })
    this.worker.on('exit', (code) => { this.failure ??= new Error(`the WARC parsing worker exited (${code})`); this.wake() })
  }

  parse (path: string, file: string): WorkerWarc {
    const progress = { read: 0 }
    return {
      get fileBytesRead () { return progress.read },
      items: (sink) => this.items(path, file, sink, progress)
    }
  }

  private async * items (path: string, file: string, sink: BlockSink, progress: { read: number }): AsyncGenerator<IngestItem> {
    this.post({ type: 'parse', path, file, keepSecrets: this.keepSecrets })
    for (;;) {
      const message = await this.next()
      if (message.type === 'failed') throw new Error(`${file}: ${message.message}`)
      const { pack, blocks } = message
      for (let i = 0, at = 0; i + 1 < blocks.length; i += 2) {
        const cidEnd = at + (blocks[i] as number)
        const end = cidEnd + (blocks[i + 1] as number)
        // the CID is copied out (it may be kept long); the block's bytes are needed only until stored
        await sink.put(CID.decode(pack.slice(at, cidEnd)), pack.subarray(cidEnd, end))
        at = end
      }
      progress.read = message.read
      // acknowledged before its items are taken, so the worker parses the next batch meanwhile
      if (!message.done) this.post({ type: 'ack' })
      for (const item of message.items) yield itemFromWire(item)
      if (message.done) return
    }
  }

  async close (): Promise<void> {
    this.worker.removeAllListeners('exit')
    await this.worker.terminate()
  }

  private post (message: ToParser): void {
    this.worker.postMessage(message)
  }

  private async next (): Promise<FromParser> {
    for (;;) {
      const message = this.inbox.shift()
      if (message != null) return message
      if (this.failure != null) throw this.failure
      await new Promise<void>(resolve => { this.wakeUp = resolve })
    }
  }

  private wake (): void {
    const wake = this.wakeUp
    this.wakeUp = undefined
    wake?.()
  }
}
