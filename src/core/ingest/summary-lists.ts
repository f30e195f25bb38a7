import type { IngestSummary } from './ingest-types.ts'

/** The summary's lists that grow with the input, one item per IPARO, warning, error or unresolved revisit. */
export type ListName = 'iparos' | 'warnings' | 'errors' | 'unresolved'

export type ListItem<K extends ListName> = K extends 'unresolved' ? IngestSummary['revisits']['unresolved'][number] : K extends 'iparos' | 'warnings' | 'errors' ? IngestSummary[K][number] : never

/** Where every item goes besides the summary (the CLI's writes them to a file, for `--json`). */
export interface ListSpill {
  add: <K extends ListName>(list: K, item: ListItem<K>) => void
}

export interface SummaryListOptions {
  /** items each list keeps in memory (default: all); `summary.listed` counts them all */
  keep?: number
  spill?: ListSpill
}

/** The summary's array for `name` (unresolved revisits sit under `revisits`). */
export function summaryList<K extends ListName> (summary: IngestSummary, name: K): Array<ListItem<K>> {
  return (name === 'unresolved' ? summary.revisits.unresolved : summary[name as Exclude<ListName, 'unresolved'>]) as Array<ListItem<K>>
}

export const emptyListed = (): Record<ListName, number> => ({ iparos: 0, warnings: 0, errors: 0, unresolved: 0 })

/**
 * Adds to the summary's lists so that a run of any size holds a bounded number of items: each list
 * keeps its first `keep` items, counts all of them in `summary.listed`, and hands each to the spill.
 */
export class SummaryLists {
  constructor (private readonly summary: IngestSummary, private readonly options: SummaryListOptions = {}) {}

  add<K extends ListName> (name: K, item: ListItem<K>): void {
    this.summary.listed[name]++
    const list = summaryList(this.summary, name)
    if (list.length < (this.options.keep ?? Infinity)) list.push(item)
    this.options.spill?.add(name, item)
  }
}
