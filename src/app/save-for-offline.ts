import { html } from 'lit'
import type { SaveProgress } from '../messages/replay-messages.ts'
import { rememberSavedPage } from './owned-settings.ts'
import type { WorkerLink } from './worker-link.ts'

const kb = (bytes: number): string => `${(bytes / 1024).toFixed(0)} KB`

/**
 * Asks the worker to save the replayed `page` for offline, reporting its progress, and remembers it on
 * the app's origin once saved. Resolves with the status to show (undefined: the worker answered
 * something else, the status stands).
 */
export async function saveForOffline (link: WorkerLink, page: string, progress: (p: SaveProgress) => void): Promise<string | undefined> {
  const answer = await link.call({ type: 'save', page }, m => { if (m.type === 'save-progress') progress(m.progress) })
    .catch((err: unknown) => ({ type: 'error' as const, name: 'Error', message: err instanceof Error ? err.message : String(err) }))
  if (answer.type === 'save-done') {
    // the page itself must have replayed for it to count as saved (its subresources may be missing)
    if (!answer.failed.includes(page)) rememberSavedPage(page)
    return `Saved for offline: ${answer.urls} URLs, ${kb(answer.bytes)}${answer.failed.length > 0 ? `; ${answer.failed.length} could not be fetched` : ''}`
  }
  if (answer.type === 'error') return `Not saved: ${answer.message}`
  return undefined
}

export interface SaveControlOptions {
  disabled: boolean
  progress: SaveProgress | undefined
  status: string
  save: () => void
}

/** The "Save for offline" button, its progress while saving and what came of it. */
export function saveControl ({ disabled, progress, status, save }: SaveControlOptions): unknown {
  return html`<button type="button" id="save" ?disabled=${disabled} @click=${save}>Save for offline</button>
            ${progress != null ? html`<progress id="save-progress" max=${progress.total} .value=${progress.done} aria-label="Saving for offline"></progress>` : null}
            <span class="notice" id="save-status" role="status">${status}</span>`
}
