import * as dagPb from '@ipld/dag-pb'
import type { CID } from 'multiformats/cid'
import { readFileIparo } from '../../core/files/file-iparo.ts'
import { readArchiveRoot } from '../../core/archive/archive-root.ts'
import type { BlockGetter } from '../../core/blocks.ts'
import { InvalidInputError, NotFoundError } from '../../core/errors.ts'
import type { ArchiveLocator } from '../../core/replay/archive-readers.ts'
import type { ArchiveRegistry } from '../archive-registry.ts'

// Local names, DNSLink-style domains, IPNS names and CIDs are all made of these (253: a domain's limit).
const ARCHIVE_REF = /^[A-Za-z0-9][A-Za-z0-9._-]{0,252}$/

/**
 * The local node's archive names: a local archive, an IPNS name whose record this node holds, a
 * DNSLink-style name set here, or a root CID. Read from the datastore on every request, so a new ingest
 * or a PUT record shows without a restart. What the client names is checked as the client's input:
 * a malformed reference is a 400, and one that names nothing held here, including a CID that is not
 * an archive root this node holds, is a 404 (never a 502, which would blame the node's own data).
 */
export class LocalArchiveLocator implements ArchiveLocator {
  constructor (private readonly registry: ArchiveRegistry, private readonly blocks: BlockGetter) {}

  async locate (archive: string): Promise<CID> {
    const bare = archive.replace(/^(ipns|ipfs):\/\//, '').replace(/^\/(ipns|ipfs)\//, '')
    if (!ARCHIVE_REF.test(bare)) {
      throw new InvalidInputError(`${JSON.stringify(archive.slice(0, 100))} is not an archive name, a domain, an IPNS name or a CID`)
    }
    const found = await this.registry.resolve(archive)
    // a root this node wrote (a local archive, a record it holds) is its own data; a bare CID is the client's word
    if (found.name == null && found.ipns == null) await this.requireRoot(archive, found.rootCid)
    return found.rootCid
  }

  private async requireRoot (archive: string, cid: CID): Promise<void> {
    try {
      // a whole-file IPARO (dag-pb) replays as an archive of one file (docs/whole-file-iparos.md)
      if (cid.code === dagPb.code) await readFileIparo(this.blocks, cid)
      else await readArchiveRoot(this.blocks, cid)
    } catch (err) {
      if (err instanceof Error && (err.name === 'BlockNotFoundError' || err.name === 'ArchiveError' || err.name === 'InvalidIparoError')) {
        throw new NotFoundError(`${JSON.stringify(archive)} is not the root of an archive held here`, { cause: err })
      }
      throw err
    }
  }
}
