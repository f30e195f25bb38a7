import type { CID } from 'multiformats/cid'
import type { ArchiveLocator } from '../../core/replay/archive-readers.ts'
import type { ArchiveRegistry } from '../archive-registry.ts'

/**
 * The local node's archive names: a local archive, an IPNS name whose record this node holds, a
 * DNSLink-style name set here, or a root CID. Read from the datastore on every request, so a new ingest
 * or a PUT record shows without a restart.
 */
export class LocalArchiveLocator implements ArchiveLocator {
  constructor (private readonly registry: ArchiveRegistry) {}

  async locate (archive: string): Promise<CID> {
    return (await this.registry.resolve(archive)).rootCid
  }
}
