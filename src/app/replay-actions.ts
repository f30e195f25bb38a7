import { html, nothing } from 'lit'
import type { SaveProgress } from '../messages/replay-messages.ts'
import { saveControl } from './save-for-offline.ts'
import { sharePanel, type SharePanelOptions } from './share-panel.ts'
import type { WorkerLink } from './worker-link.ts'
import './memento-notes.ts'

export interface ReplayActionsOptions {
  /**
   * in a frame on someone else's page (docs/embed.md): no notes and no saving for offline, which write
   * what the person keeps (a host page could steer their clicks and typing there); sharing only shows links
   */
  embedded: boolean
  link: WorkerLink | undefined
  archive: string
  /** the shown version's IPARO, when known */
  cid: string | undefined
  saveDisabled: boolean
  progress: SaveProgress | undefined
  saveStatus: string
  save: () => void
  share: SharePanelOptions
}

/** The replay banner's actions on the shown version: notes, save for offline (not when embedded), share. */
export function replayActions (o: ReplayActionsOptions): unknown {
  return html`<div class="actions secondary">
    ${o.embedded
      ? nothing
      : html`<memento-notes .link=${o.link} archive=${o.archive} cid=${o.cid ?? ''}></memento-notes>
        ${saveControl({ disabled: o.saveDisabled, progress: o.progress, status: o.saveStatus, save: o.save })}`}
    ${sharePanel(o.share)}
  </div>`
}

/** Copy notices, and the keys the view answers (hidden on narrow screens, where there is no keyboard to speak of). */
export function replayNotice (notice: string): unknown {
  return html`<div class="notice secondary" role="status"><span id="notice">${notice}</span>
    <span class="keys">Keys: <kbd>[</kbd> <kbd>]</kbd> previous/next, <kbd>{</kbd> <kbd>}</kbd> first/last, <kbd>/</kbd> URL bar</span></div>`
}

/**
 * On a narrow screen the secondary controls (archive, datetime, actions, timeline) fold away so that
 * the archived page gets the height; this button shows them (hidden on wide screens, where all show).
 */
export function moreToggle (more: boolean, toggle: () => void): unknown {
  return html`<button type="button" id="more" class="more" aria-expanded=${more ? 'true' : 'false'} aria-controls="secondary-controls"
    title=${more ? 'Fewer controls' : 'Archive, date, timeline, notes, save and share'} @click=${toggle}>${more ? 'Less' : 'More'}</button>`
}
