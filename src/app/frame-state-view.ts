import { html } from 'lit'
import type { ReplayFailure } from '../core/replay/replay-failure.ts'
import type { Version } from '../core/timeline/merge-versions.ts'
import { readableDatetime } from './memento-timeline.ts'

/** What the replay frame shows: nothing yet, a page on its way, the page, or why it does not show. */
export type FramePhase = 'idle' | 'loading' | 'shown' | 'no-archive' | ReplayFailure['kind']

/** What the replay view knows of its frame (the view itself fits). */
export interface FrameState {
  phase: FramePhase
  archive: string
  url: string
  versions: Version[]
  failure: ReplayFailure | undefined
  /** other archived URLs of the same host */
  nearby: string[]
}

/**
 * The message over the frame while its page loads or when it does not show (none when it shows).
 * `goVersion` opens a version of another archive, `openUrl` another URL of the same archive.
 */
export function frameStateView ({ phase, archive, url, versions, failure, nearby }: FrameState, goVersion: (index: number) => void, openUrl: (url: string) => void): unknown {
  const where = html`<code>${url}</code>`
  const others = versions.filter(v => v.archive !== archive)
  switch (phase) {
    case 'idle':
    case 'shown':
      return null
    case 'loading':
      return html`<div class="state loading" role="status">Loading ${where}…</div>`
    case 'not-archived':
      return html`<div class="state" role="alert">
        <h2>Not archived</h2>
        <p>${where} is not in the archive <strong>${archive}</strong>.</p>
        ${others.length > 0 ? html`<p>Other archives have it: <button class="link" id="other-archive" @click=${() => { goVersion(versions.indexOf(others[others.length - 1] as Version)) }}>open the latest version (${readableDatetime(others[others.length - 1]?.datetime ?? '')} in ${others[others.length - 1]?.archive})</button></p>` : null}
        ${nearby.length > 0
          ? html`<p>Archived pages of the same site:</p><ul id="nearby">${nearby.map(u => html`<li><button class="link" @click=${() => { openUrl(u) }}>${u}</button></li>`)}</ul>`
          : null}
      </div>`
    case 'no-archive':
      return html`<div class="state" role="alert">
        <h2>No such archive</h2>
        <p>No archive named <strong>${archive}</strong> could be found (${failure?.message}). Check the link (the archives this app knows are on the
          <a href="#/">Archives</a> page), or the gateways in <a href="#/app/settings">Settings</a> if it should be reachable.</p>
      </div>`
    case 'unreachable':
      return html`<div class="state" role="alert">
        <h2>The archive cannot be reached</h2>
        <p>No gateway answered for ${where} (${failure?.message}). Check the network or the gateways in the settings; pages saved for offline still open.</p>
      </div>`
    case 'verification':
      return html`<div class="state" role="alert">
        <h2>This record failed verification</h2>
        <p>A gateway sent data for ${where} that does not match its content address (${failure?.code}: ${failure?.message}). Nothing unverified is shown; try another gateway.</p>
      </div>`
    default:
      return html`<div class="state" role="alert">
        <h2>This page cannot be shown</h2>
        <p>${failure?.status} ${failure?.code}: ${failure?.message}</p>
      </div>`
  }
}
