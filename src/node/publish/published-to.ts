import { createHash } from 'node:crypto'
import { Key, type Datastore } from 'interface-datastore'

/** The last attempt to hand a record to one target (a router URL, or `dht`). */
export interface PublishResult {
  target: string
  ok: boolean
  /** the sequence number of the record sent */
  sequence: number
  /** ISO 8601, when the target answered (or failed) */
  at: string
  error?: string
}

const enc = new TextEncoder()
const dec = new TextDecoder()
const prefix = (ipns: string): string => `/iparo/published/${ipns}/`

/** One datastore key per name and target: each write replaces one whole value, so writers never merge. */
function resultKey (ipns: string, target: string): Key {
  return new Key(prefix(ipns) + createHash('sha256').update(target).digest('hex').slice(0, 32))
}

/** Remembers what a target did with a name's record (`iparo publish`, the republisher). */
export async function recordPublished (store: { datastore: Datastore }, ipns: string, result: PublishResult): Promise<void> {
  await store.datastore.put(resultKey(ipns, result.target), enc.encode(JSON.stringify(result)))
}

/** What each target last did with the name's record, by target: for the settings page and `--json`. */
export async function publishedTo (store: { datastore: Datastore }, ipns: string): Promise<PublishResult[]> {
  const out: PublishResult[] = []
  for await (const { value } of store.datastore.query({ prefix: prefix(ipns) })) {
    try {
      out.push(JSON.parse(dec.decode(value)) as PublishResult)
    } catch {
      // a value cut short by a crash says nothing reliable: the next attempt rewrites it
    }
  }
  return out.sort((a, b) => a.target.localeCompare(b.target))
}
