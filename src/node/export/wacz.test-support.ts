import { Uint8ArrayReader, Uint8ArrayWriter, ZipReader } from '@zip.js/zip.js'

/** Every member of a zip: its bytes (inflated) and whether it was stored uncompressed. */
export async function unzipMembers (zip: Uint8Array): Promise<Map<string, { bytes: Uint8Array, stored: boolean }>> {
  const reader = new ZipReader(new Uint8ArrayReader(zip), { useWebWorkers: false })
  const members = new Map<string, { bytes: Uint8Array, stored: boolean }>()
  for (const entry of await reader.getEntries()) {
    if (entry.directory) continue
    members.set(entry.filename, { bytes: await entry.getData(new Uint8ArrayWriter()), stored: entry.compressionMethod === 0 })
  }
  await reader.close()
  return members
}
