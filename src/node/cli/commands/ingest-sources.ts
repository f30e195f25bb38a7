import type { IngestSource } from '../../../core/archive/ingest-into-archive.ts'
import type { IngestProgress } from '../../../core/ingest/ingest-run.ts'
import { nodeHashers } from '../../node-hashers.ts'
import type { WarcParseWorker } from '../../ingest/parse-in-worker.ts'
import { warcFileItems } from '../../ingest/warc-file-items.ts'
import type { ProgressBar } from '../progress-bar.ts'

/** The WARC files to ingest, and the progress report that follows which of them is being read. */
export interface IngestSources {
  sources: IngestSource[]
  onProgress: (progress: IngestProgress) => void
}

/**
 * The files as ingest sources, parsed by `parser` (another thread) when there is one, else here. The
 * bar shows the bytes of the files already read plus how far into the current one the reading is.
 */
export function ingestSources (files: string[], sizes: number[], parser: WarcParseWorker | undefined, bar: ProgressBar | undefined, keepSecrets = false): IngestSources {
  let done = 0
  let current: { readonly fileBytesRead: number } | undefined
  const started = (i: number): void => { done = sizes.slice(0, i).reduce((a, b) => a + b, 0) }
  return {
    sources: files.map((file, i): IngestSource => parser != null
      ? {
          name: file,
          items: (sink) => {
            started(i)
            const warc = parser.parse(file, file)
            current = warc
            return warc.items(sink)
          }
        }
      : {
          name: file,
          items: (sink) => {
            started(i)
            current = undefined
            return warcFileItems(file, { file, sink, hashers: nodeHashers, keepSecrets }, (warc) => { current = warc })
          }
        }),
    onProgress: (p) => bar?.update(p.records, done + (current?.fileBytesRead ?? 0))
  }
}
