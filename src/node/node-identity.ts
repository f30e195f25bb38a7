import { randomBytes } from 'node:crypto'
import { link, mkdir, readFile, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { generateKeyPair, privateKeyFromProtobuf, privateKeyToProtobuf } from '@libp2p/crypto/keys'
import { peerIdFromPrivateKey } from '@libp2p/peer-id'

async function readPeerId (file: string): Promise<string | undefined> {
  try {
    return peerIdFromPrivateKey(privateKeyFromProtobuf(new Uint8Array(await readFile(file)))).toString()
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err
    return undefined
  }
}

/**
 * The local node's peer ID, from an Ed25519 key made on first use and kept in the data folder, so the
 * provider records it hands out stay the same across restarts. It signs nothing: archives have their own keys.
 */
export async function nodePeerId (dataDir: string): Promise<string> {
  const file = join(dataDir, 'keys', 'node.key')
  const existing = await readPeerId(file)
  if (existing != null) return existing
  const key = await generateKeyPair('Ed25519')
  await mkdir(join(dataDir, 'keys'), { recursive: true, mode: 0o700 })
  // Written whole under a name of its own, then linked into place only if no other node got there first
  // (two nodes starting at once on a new folder): then that one's key is the node's.
  const aside = `${file}.${process.pid}-${randomBytes(6).toString('hex')}.tmp`
  try {
    await writeFile(aside, privateKeyToProtobuf(key), { mode: 0o600 })
    await link(aside, file)
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err
    return await readPeerId(file) ?? peerIdFromPrivateKey(key).toString()
  } finally {
    await rm(aside, { force: true })
  }
  return peerIdFromPrivateKey(key).toString()
}
