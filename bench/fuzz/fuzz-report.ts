import { mkdir, writeFile } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'

export const RESULTS = fileURLToPath(new URL('../results/', import.meta.url))

/** Peak RSS and heap seen by `sample()` calls (each case calls it once). */
export class MemoryPeak {
  rss = 0
  heapUsed = 0
  sample (): void {
    const m = process.memoryUsage()
    this.rss = Math.max(this.rss, m.rss)
    this.heapUsed = Math.max(this.heapUsed, m.heapUsed)
  }

  get mb (): { rssMB: number, heapUsedMB: number } {
    return { rssMB: Math.round(this.rss / 1e5) / 10, heapUsedMB: Math.round(this.heapUsed / 1e5) / 10 }
  }
}

/** Counts by a key, in first-seen order. */
export function tally<T> (items: readonly T[], key: (item: T) => string): Record<string, number> {
  const out: Record<string, number> = {}
  for (const item of items) out[key(item)] = (out[key(item)] ?? 0) + 1
  return out
}

/** A two-column text table. */
export function table (rows: Array<[string, string | number]>): string {
  const width = Math.max(...rows.map(([k]) => k.length))
  return rows.map(([k, v]) => `  ${k.padEnd(width)}  ${v}`).join('\n')
}

export async function writeResult (name: string, value: unknown): Promise<string> {
  await mkdir(RESULTS, { recursive: true })
  const path = `${RESULTS}${name}.json`
  await writeFile(path, JSON.stringify(value, null, 2) + '\n')
  return path
}
