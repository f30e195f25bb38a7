import type { WarcRecord } from '../warc/index.ts'

/** `<http://…>` (WARC/0.17 and some writers) and plain forms are the same URI. */
export function targetUri (record: WarcRecord): string {
  return (record.headers.get('WARC-Target-URI') ?? '').trim().replace(/^<(.*)>$/, '$1')
}

/** The names a synthesized record's `WARC-IPARO-Reconstructed` lists (src/core/formats), if it has that field. */
export function reconstructedFields (record: WarcRecord): string[] | undefined {
  const value = record.headers.get('WARC-IPARO-Reconstructed')
  if (value == null) return undefined
  const names = value.split(',').map(n => n.trim()).filter(n => n !== '')
  return names.length > 0 ? names : undefined
}

/** Every non-empty value of a repeatable WARC field (`WARC-Concurrent-To`), trimmed. */
export function listHeader (record: WarcRecord, name: string): string[] {
  // A literal filled by push, not map().filter(): those make an empty array of small integers, a
  // filled one of strings, two hidden classes for every reader of the list (and recompilations).
  const out: string[] = []
  for (const value of record.headers.getAll(name)) {
    const v = value.trim()
    if (v !== '') out.push(v)
  }
  return out
}
