import { isObject, isWorkerCall, type CallReply, type WorkerCall } from './replay-messages.ts'
import { cleanSettings, type ReplaySettings } from './settings-defaults.ts'

/**
 * How the app gives the replay worker an order it can trust (docs/replay-origins.md, "Orders"):
 * the app's document navigates a frame of its own to `REPLAY/sw/call?c=<envelope>`. The worker acts
 * only when the navigation's referrer is the app's origin — a document of the replay origin (an
 * archived page, or anything it scripts) cannot start a navigation with that referrer — and answers
 * in a sandboxed document (an opaque origin, out of reach of the replay origin's scripts), which posts
 * `CallMessage`s to the app.
 */
export const CALL_PATH = '/sw/call'

export interface CallEnvelope {
  /** the app's id for this call, echoed in every reply */
  id: string
  call: WorkerCall
  /** the app's settings, pushed with every call: the worker keeps them in memory only */
  settings?: ReplaySettings
  /** local archive names the app knows → their IPNS name or root CID, for resolving them offline */
  names?: Record<string, string>
}

/** One reply as the call document posts it to the app. */
export interface CallMessage { iparoCall: string, reply: CallReply, final: boolean }

const MAX_NAMES = 2000
const NAME = /^[a-z0-9][a-z0-9._-]{0,252}$/i
const SELF_CERTIFYING = /^(k51|bafy|bafk|baf|Qm|12D3)[a-z0-9]{20,120}$/i

export function callUrl (replayOrigin: string, envelope: CallEnvelope): string {
  const url = new URL(CALL_PATH, replayOrigin)
  url.searchParams.set('c', JSON.stringify(envelope))
  return url.href
}

function cleanNames (value: unknown): Record<string, string> | undefined {
  if (!isObject(value)) return undefined
  const entries = Object.entries(value)
  if (entries.length > MAX_NAMES) return undefined
  const out: Record<string, string> = {}
  for (const [name, target] of entries) {
    if (!NAME.test(name) || typeof target !== 'string' || !SELF_CERTIFYING.test(target)) return undefined
    out[name] = target
  }
  return out
}

/** The envelope a call URL carries, in its exact shape, or undefined. */
export function parseCall (url: URL): CallEnvelope | undefined {
  if (url.pathname !== CALL_PATH) return undefined
  let value: unknown
  try {
    value = JSON.parse(url.searchParams.get('c') ?? '')
  } catch {
    return undefined
  }
  if (!isObject(value) || typeof value.id !== 'string' || value.id.length > 64 || !isWorkerCall(value.call)) return undefined
  const envelope: CallEnvelope = { id: value.id, call: value.call }
  if (value.settings != null) {
    const settings = cleanSettings(value.settings)
    if (settings == null) return undefined
    envelope.settings = settings
  }
  if (value.names != null) {
    const names = cleanNames(value.names)
    if (names == null) return undefined
    envelope.names = names
  }
  return envelope
}

export function isCallMessage (value: unknown): value is CallMessage {
  return isObject(value) && typeof value.iparoCall === 'string' && typeof value.final === 'boolean' &&
    isObject(value.reply) && typeof value.reply.type === 'string'
}
