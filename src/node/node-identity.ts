import { randomBytes } from 'node:crypto'
import { link, mkdir, readFile, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { generateKeyPair, privateKeyFromProtobuf, privateKeyToProtobuf } from '@libp2p/crypto/keys'
import type { PrivateKey } from '@libp2p/interface'
import { peerIdFromPrivateKey } from '@libp2p/peer-id'

async function readKey (file: string): Promise<PrivateKey | undefined> {
  try {
    return privateKeyFromProtobuf(new Uint8Array(await readFile(file)))
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err
    return undefined
  }
}

/** The local node's peer ID (see nodeKey). */
export async function nodePeerId (dataDir: string): Promise<string> {
  return peerIdFromPrivateKey(await nodeKey(dataDir)).toString()
}

/**
 * The local node's libp2p key: Ed25519, made on first use and kept in the data folder, so its peer ID
 * (in provider records, DHT routing tables, pin origins) stays the same across restarts. It signs no
 * archive: archives have their own keys.
 */
export async function nodeKey (dataDir: string): Promise<PrivateKey> {
  const file = join(dataDir, 'keys', 'node.key')
  const existing = await readKey(file)
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
    return await readKey(file) ?? key
  } finally {
    await rm(aside, { force: true })
  }
  return key
}
