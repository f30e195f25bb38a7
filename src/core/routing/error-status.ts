/**
 * The HTTP status each error code stands for. Edges turn errors into responses in one place each
 * (sw/, src/node/serve); they share this table so a Memento client gets the same status from both.
 */
const STATUS: Record<string, number> = {
  InvalidDatetimeError: 400,
  InvalidInputError: 400,
  IpnsRecordError: 400,
  UnsupportedFormatError: 400,
  MissingTokenError: 401,
  InvalidTokenError: 403,
  ForbiddenWriteError: 403,
  NotFoundError: 404,
  MethodNotAllowedError: 405,
  StaleIpnsRecordError: 409,
  PayloadTooLargeError: 413,
  HeadersTooLargeError: 431,
  // Content that cannot be fetched, or that fails verification or the format, comes from upstream
  // (a gateway, a peer, a damaged store): the request was fine, the data was not.
  BlockNotFoundError: 502,
  BlockVerificationError: 502,
  InvalidIparoError: 502,
  InvalidUrlMapError: 502,
  InvalidChainError: 502,
  ArchiveError: 502,
  AbortError: 503,
  // another writer holds the data folder (docs/storage.md, "Concurrent writers"): try again
  LockTimeoutError: 503,
  StoreLockedError: 503,
  TimeoutError: 504
}

export function statusForError (err: unknown): number {
  return err instanceof Error ? STATUS[err.name] ?? 500 : 500
}
