import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { SyntheticCrawl } from './synthetic-crawl.ts'

export interface ScaleArchiveOptions {
  crawl: SyntheticCrawl
  runSize: number
  /** the cache folder: `data/` (the data folder) and `build.json` */
  dir: string
  minFreeGB: number
}

export function positiveInt (name: string, text: string | undefined): number {
  const n = Number(text)
  if (!Number.isSafeInteger(n) || n <= 0) throw new Error(`--${name} must be a positive integer, not ${String(text)}`)
  return n
}

/** The archive the flags name (--mementos, --urls, --run-size, --dir, --min-free-gb). */
export function scaleArchiveOptions (values: { mementos?: string, urls?: string, 'run-size'?: string, dir?: string, 'min-free-gb'?: string }): ScaleArchiveOptions {
  const mementos = positiveInt('mementos', values.mementos ?? '100000')
  const urls = positiveInt('urls', values.urls ?? '10000')
  if (mementos % urls !== 0) throw new Error('--mementos must be a multiple of --urls (one capture per URL per crawl)')
  // one ingest batch per commit, 10k–500k captures: the writer's per-run state stays bounded; fewer,
  // larger runs rewrite the URL map fewer times (a run touching most leaves rewrites most of the map)
  const runSize = values['run-size'] != null ? positiveInt('run-size', values['run-size']) : Math.min(500_000, Math.max(10_000, Math.ceil(mementos / 20)))
  return {
    crawl: new SyntheticCrawl(urls, mementos / urls),
    runSize,
    dir: values.dir ?? join(tmpdir(), 'iparo-bench-scale', `${mementos}-${urls}`),
    minFreeGB: Number(values['min-free-gb'] ?? 15)
  }
}

export const scaleArchiveFlags = {
  mementos: { type: 'string', default: '100000' },
  urls: { type: 'string', default: '10000' },
  'run-size': { type: 'string' },
  dir: { type: 'string' },
  'min-free-gb': { type: 'string', default: '15' }
} as const
