import { readFile } from 'node:fs/promises'
import { join } from 'node:path'

/** What a running `iparo serve` says about itself in `node.json` in its data folder. */
export interface RunningNode {
  /** its HTTP origin, ending in `/` */
  url: string
  /** its libp2p addresses; none when it runs with `--offline` */
  libp2p: string[]
}

export const NODE_FILE = 'node.json'

/**
 * The node `iparo serve` announced for this data folder, or undefined when there is no (readable)
 * `node.json`. The file may outlive its process (a kill -9): callers learn that when nothing answers.
 */
export async function readRunningNode (dataDir: string): Promise<RunningNode | undefined> {
  let parsed: unknown
  try {
    parsed = JSON.parse(await readFile(join(dataDir, NODE_FILE), 'utf8'))
  } catch {
    // absent, or cut short while being written: no node to hand the record to
    return undefined
  }
  const { url, libp2p } = (parsed ?? {}) as { url?: unknown, libp2p?: unknown }
  if (typeof url !== 'string' || !/^https?:\/\//.test(url)) return undefined
  return { url: url.endsWith('/') ? url : `${url}/`, libp2p: Array.isArray(libp2p) ? libp2p.filter((a): a is string => typeof a === 'string') : [] }
}
