import { CID } from 'multiformats/cid'
import { UsageError } from './cli-error.ts'

/** A CID given on the command line, also as `ipfs://CID` or `/ipfs/CID`. */
export function parseCidArg (value: string | undefined, what = 'CID'): CID {
  if (value == null) throw new UsageError(`missing ${what}`)
  const bare = value.replace(/^ipfs:\/\//, '').replace(/^\/ipfs\//, '').replace(/\/.*$/, '')
  try {
    return CID.parse(bare)
  } catch (err) {
    throw new UsageError(`not a CID: ${JSON.stringify(value)}`, { cause: err })
  }
}
