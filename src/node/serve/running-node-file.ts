import { randomBytes } from 'node:crypto'
import { readFile, rename, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { NODE_FILE, type RunningNode } from '../publish/running-node.ts'

/**
 * `node.json` in the data folder while `iparo serve` runs: its URL and libp2p addresses, for the
 * commands that hand work to it (`iparo publish` puts records into the DHT through it, `iparo pin`
 * names its addresses as a pin's origins). Written whole under another name, then renamed into place.
 */
export async function writeRunningNode (dataDir: string, node: RunningNode): Promise<() => Promise<void>> {
  const file = join(dataDir, NODE_FILE)
  const aside = `${file}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`
  const text = JSON.stringify({ ...node, pid: process.pid }, null, 2) + '\n'
  await writeFile(aside, text)
  await rename(aside, file)
  // removed on stop only if it is still this process's: a second node on the folder may have replaced it
  return async () => {
    const now = await readFile(file, 'utf8').catch(() => '')
    if (now === text) await rm(file, { force: true })
  }
}
