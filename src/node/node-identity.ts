import { mkdir, readFile, rename, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { generateKeyPair, privateKeyFromProtobuf, privateKeyToProtobuf } from '@libp2p/crypto/keys'
import { peerIdFromPrivateKey } from '@libp2p/peer-id'

/**
 * The local node's peer ID, from an Ed25519 key made on first use and kept in the data folder, so the
 * provider records it hands out stay the same across restarts. It signs nothing: archives have their own keys.
 */
export async function nodePeerId (dataDir: string): Promise<string> {
  const file = join(dataDir, 'keys', 'node.key')
  try {
    return peerIdFromPrivateKey(privateKeyFromProtobuf(new Uint8Array(await readFile(file)))).toString()
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err
  }
  const key = await generateKeyPair('Ed25519')
  await mkdir(join(dataDir, 'keys'), { recursive: true, mode: 0o700 })
  await writeFile(`${file}.tmp`, privateKeyToProtobuf(key), { mode: 0o600 })
  await rename(`${file}.tmp`, file)
  return peerIdFromPrivateKey(key).toString()
}
