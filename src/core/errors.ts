/**
 * Every error the project throws is a class whose `name` is its code. Edges (CLI, local node,
 * service worker) map these names to exit codes or HTTP statuses in exactly one place each.
 */
export class IparoError extends Error {
  override name = 'IparoError'
  constructor (message: string, options?: { cause?: unknown }) {
    super(message, options)
  }
}

/** A datetime that is not a datetime at all, or not a valid calendar instant. */
export class InvalidDatetimeError extends IparoError {
  override name = 'InvalidDatetimeError'
}

/** A block whose bytes do not hash to its CID. Never content. */
export class BlockVerificationError extends IparoError {
  override name = 'BlockVerificationError'
  constructor (readonly cid: string, options?: { cause?: unknown }) {
    super(`block ${cid} failed verification: its bytes do not match its CID`, options)
  }
}

/** A block that no source could provide. */
export class BlockNotFoundError extends IparoError {
  override name = 'BlockNotFoundError'
  constructor (readonly cid: string, options?: { cause?: unknown }) {
    super(`block ${cid} not found`, options)
  }
}

/** Bytes that claim to be an IPARO but do not follow docs/iparo-format.md. */
export class InvalidIparoError extends IparoError {
  override name = 'InvalidIparoError'
}

/** A WARC record or stream that cannot be read (beyond what tolerant reading recovers). */
export class WarcFormatError extends IparoError {
  override name = 'WarcFormatError'
  constructor (message: string, readonly offset: number, options?: { cause?: unknown }) {
    super(`${message} (at offset ${offset})`, options)
  }
}

/** A URL, archive or memento that does not exist. */
export class NotFoundError extends IparoError {
  override name = 'NotFoundError'
}

/** Input from a user or a file that is not acceptable (bad option, malformed CAR, bad name). */
export class InvalidInputError extends IparoError {
  override name = 'InvalidInputError'
}

/**
 * A URL-map node that does not follow docs/url-map.md: bad shape, unordered keys, or a child that
 * contradicts what its parent says about it (level, last key, entry count).
 */
export class InvalidUrlMapError extends IparoError {
  override name = 'InvalidUrlMapError'
  constructor (message: string, readonly cid?: string, options?: { cause?: unknown }) {
    super(cid == null ? message : `URL-map node ${cid}: ${message}`, options)
  }
}

/** A version chain whose headers or TimeMap segments break docs/linking-policies.md (missing prev link, segment off its range). */
export class InvalidChainError extends IparoError {
  override name = 'InvalidChainError'
}

/** An archive root, ingest log or archive name that is not what it must be. */
export class ArchiveError extends IparoError {
  override name = 'ArchiveError'
}

/** An IPNS record that is malformed, expired, or not signed by the name's key. Never resolved. */
export class IpnsRecordError extends IparoError {
  override name = 'IpnsRecordError'
}

/** A valid IPNS record whose sequence number is not above the one already held. */
export class StaleIpnsRecordError extends IparoError {
  override name = 'StaleIpnsRecordError'
}

/** An HTTP method a route does not answer. */
export class MethodNotAllowedError extends IparoError {
  override name = 'MethodNotAllowedError'
  constructor (readonly method: string, readonly allowed: string[], options?: { cause?: unknown }) {
    super(`${method} is not allowed here (allowed: ${allowed.join(', ')})`, options)
  }
}

/** A request for a representation the route does not produce (an unknown TimeMap or block format). */
export class UnsupportedFormatError extends IparoError {
  override name = 'UnsupportedFormatError'
}

/** A request to a guarded API (pinning service, Kubo RPC) that carries no bearer token. */
export class MissingTokenError extends IparoError {
  override name = 'MissingTokenError'
}

/** A bearer token that is unknown here or was revoked. */
export class InvalidTokenError extends IparoError {
  override name = 'InvalidTokenError'
}

/** A write the node refuses from where it came (not the app's origin, or a form rather than JSON). */
export class ForbiddenWriteError extends IparoError {
  override name = 'ForbiddenWriteError'
}
