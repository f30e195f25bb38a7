import { html, nothing } from 'lit'
import { parseUserDatetime, toDigits14, toEpochMs, type Datetime } from '../core/datetime.ts'
import type { TimelineArchive } from './replay-view.ts'

export interface UrlBarOptions {
  archives: TimelineArchive[]
  archive: string
  url: string
  /** the datetime field's text */
  when: string
  /** why the typed datetime was refused: shown under the bar as an error, the field marked invalid */
  error: string
  submit: (event: SubmitEvent) => void
}

/** What "Go" asks for: a URL in an archive, near an instant (now when no datetime was typed). */
export interface GoRequest { url: string, archive: string, ms: number, /** the typed datetime's 14 digits, '' for none */ digits: string }

/** The URL bar: archive, archived URL, datetime (UTC, any precision) and "Go". */
export function replayUrlBar ({ archives, archive, url, when, error, submit }: UrlBarOptions): unknown {
  return html`<form @submit=${submit} aria-label="Open an archived page">
          <label class="secondary"><span class="sr">Archive</span>
            <select id="archive" name="archive" .value=${archive}>${archives.map(a => html`<option value=${a.id} ?selected=${a.id === archive}>${a.label}</option>`)}</select></label>
          <label><span class="sr">Archived URL</span><input id="url" name="url" type="text" inputmode="url" placeholder="http://example.com/" .value=${url} required></label>
          <label class="secondary"><span class="sr">Date and time (UTC)</span><input id="when" name="when" type="text" placeholder="2013, 2013-02-02 10:00…" title="Any precision: 2013, 2013-02-02 10:00, 20130202100000 (UTC)"
            .value=${when} aria-invalid=${error !== '' ? 'true' : 'false'} aria-describedby=${error !== '' ? 'when-error' : nothing}></label>
          <button type="submit" id="go" title="Open the version closest to this date">Go</button>
          ${error !== '' ? html`<p class="field-error" id="when-error" role="alert">${error}</p>` : nothing}
        </form>`
}

/**
 * What the submitted URL bar asks for; undefined when the URL or archive is blank. Throws when the
 * typed datetime cannot be read.
 */
export function readUrlBar (form: HTMLFormElement, current: string): GoRequest | undefined {
  const data = new FormData(form)
  const url = String(data.get('url') ?? '').trim()
  const archive = String(data.get('archive') ?? current)
  const typed = String(data.get('when') ?? '').trim()
  if (url === '' || archive === '') return undefined
  if (typed === '') return { url, archive, ms: Date.now(), digits: '' }
  let at: Datetime
  try {
    at = parseUserDatetime(typed)
  } catch (err) {
    throw new Error(`${JSON.stringify(typed)} is not a date and time: type 2013, 2013-02-02 10:00 or 20130202100000 (UTC)`, { cause: err })
  }
  return { url, archive, ms: toEpochMs(at), digits: toDigits14(at) }
}
