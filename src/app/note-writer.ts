import type { NoteRow } from '../core/annotations/annotations-api.ts'
import { readErrorBody } from '../core/routing/error-response.ts'
import { nodeState } from './node-info-client.ts'

/** Whether this app can save a note to an archive, and if not, why (said to the person as is). */
export type Writability = { ok: true } | { ok: false, why: string }

async function nodeOrigins (): Promise<{ app: string, replay: string } | undefined> {
  try {
    const r = await fetch('/api/v1/node', { cache: 'no-store', signal: AbortSignal.timeout(5000) })
    const json = r.ok ? await r.json() as { origins?: { app?: unknown, replay?: unknown } } : undefined
    const { app, replay } = json?.origins ?? {}
    return typeof app === 'string' && typeof replay === 'string' ? { app, replay } : undefined
  } catch {
    return undefined
  }
}

/**
 * A note is written by the IPARO node serving this app, which holds the archive's key: the browser never
 * does (keys never reach the replay origin). So a note can be saved only when such a node serves this page,
 * holds this archive, and runs archived pages on an origin of their own.
 */
export async function noteWritability (archive: string): Promise<Writability> {
  const [state, origins] = await Promise.all([nodeState(), nodeOrigins()])
  if (state.info == null || origins == null) {
    return { ok: false, why: 'Notes cannot be saved here: this app is not served by an IPARO node (a static host or a public gateway), and only a node that holds the archive\'s key can publish a note. Notes already in the archive are shown.' }
  }
  if (origins.replay === origins.app) {
    return { ok: false, why: 'Notes cannot be saved from this app: its node shows archived pages on the app\'s own origin (--replay-port none), where their scripts could write too. Use `iparo annotate` on the node.' }
  }
  const held = state.archives?.archives?.some(a => a.name === archive || a.ipns === archive) ?? false
  if (!held) return { ok: false, why: 'Notes cannot be saved to this archive here: the node serving this app does not hold its key. Notes already in the archive are shown.' }
  return { ok: true }
}

/** Asks the node serving the app to write the note and publish the archive's new root. */
export async function postNote (archive: string, target: string, text: string): Promise<NoteRow> {
  const r = await fetch(`/api/v1/archives/${encodeURIComponent(archive)}/annotations`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ target, text }),
    cache: 'no-store'
  })
  const body = await r.text()
  if (r.status !== 201) throw new Error(`The note was not saved: ${readErrorBody(body).message || `status ${r.status}`}`)
  const reply = JSON.parse(body) as { annotation: NoteRow }
  return reply.annotation
}
