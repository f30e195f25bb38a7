import { IparoError, MethodNotAllowedError } from '../../core/errors.ts'

/**
 * go-ipfs-cmds' error codes (`cmds.ErrorType`): Kubo answers 400 exactly when the code is ErrClient,
 * 500 otherwise. IPARO uses ErrForbidden for its 401/403, which Kubo answers in plain text.
 */
const ErrNormal = 0
const ErrClient = 1
const ErrForbidden = 4

/** status and code per error name; anything not named is a 500 whose details stay in the log */
const ANSWERS: Record<string, { status: number, code: number }> = {
  // refused input: Kubo itself answers an altered CAR or an invalid record with a 500 (ErrNormal);
  // these are the client's fault, and a 400 tells a client not to retry (docs/kubo-rpc.md)
  InvalidInputError: { status: 400, code: ErrClient },
  BlockVerificationError: { status: 400, code: ErrClient },
  IpnsRecordError: { status: 400, code: ErrClient },
  UnsupportedFormatError: { status: 400, code: ErrClient },
  KuboArgumentError: { status: 400, code: ErrClient },
  MissingTokenError: { status: 401, code: ErrForbidden },
  InvalidTokenError: { status: 403, code: ErrForbidden },
  UnknownKuboCommandError: { status: 404, code: ErrNormal },
  PayloadTooLargeError: { status: 413, code: ErrClient },
  // as Kubo: the DHT's and the offline router's refusal of an older record is an ordinary command failure
  StaleIpnsRecordError: { status: 500, code: ErrNormal },
  NotPinnedError: { status: 500, code: ErrNormal },
  BlockNotFoundError: { status: 500, code: ErrNormal },
  // another writer holds the data folder: worth retrying
  LockTimeoutError: { status: 503, code: ErrNormal },
  StoreLockedError: { status: 503, code: ErrNormal }
}

/** Kubo's words for an older record (go-libp2p-kad-dht PutValue), which clients may look for. */
const STALE_MESSAGE = 'can\'t replace a newer value with an older value'

/**
 * The one place where the Kubo RPC handler's errors become responses: Kubo's JSON error body
 * `{ Message, Code, Type: "error" }` with Kubo's status, or, for a method other than POST, Kubo's own
 * plain-text 405. Only the project's own messages are sent; a library's text stays in the log.
 */
export function kuboErrorResponse (err: unknown, log: (line: string, err: unknown) => void): Response {
  if (err instanceof MethodNotAllowedError) {
    // what go-ipfs-cmds writes (http.Error): the RPC is POST-only
    return new Response('405 - Method Not Allowed\n', { status: 405, headers: { 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff', Allow: 'POST' } })
  }
  const name = err instanceof Error ? err.name : ''
  const own = err instanceof IparoError
  const answer = own ? ANSWERS[name] ?? { status: 500, code: ErrNormal } : { status: 500, code: ErrNormal }
  if (answer.status >= 500) log(`kubo rpc ${answer.status} ${name}: ${err instanceof Error ? err.message : String(err)}`, err)
  let message = own ? ownMessage(err) : 'the command failed (the node\'s log says why)'
  if (name === 'StaleIpnsRecordError') message = `${STALE_MESSAGE} (${message})`
  return new Response(JSON.stringify({ Message: message, Code: answer.code, Type: 'error' }) + '\n', {
    status: answer.status,
    headers: { 'Content-Type': 'application/json', 'Cache-Control': 'no-store', 'X-Iparo-Error': own ? name : 'InternalError' }
  })
}

/** The message without a foreign cause's text it may quote (that text is the library's, kept in the log). */
function ownMessage (err: IparoError): string {
  const cause = err.cause
  if (cause instanceof Error && !(cause instanceof IparoError) && cause.message !== '') {
    return err.message.replace(`: ${cause.message}`, '').replace(cause.message, '')
  }
  return err.message
}
