import { LitElement, css, html, nothing, type PropertyValues } from 'lit'
import type { NoteRow, NotesReply } from '../core/annotations/annotations-api.ts'
import { MAX_TEXT_LENGTH } from '../core/annotations/web-annotation.ts'
import { describeFailure } from './archive-api-client.ts'
import { readableDatetime } from './memento-timeline.ts'
import { noteWritability, postNote, type Writability } from './note-writer.ts'
import type { WorkerLink } from './worker-link.ts'

/**
 * The notes of the memento on screen (W3C Web Annotations, docs/annotations.md): read through the replay
 * worker from the archive's root (so any browser that opens the archive sees them), written by the node
 * serving the app. Note text is untrusted: it is only ever a text node. `data-state`: `idle`, `loading`,
 * `ready`, `failed`; `data-count`: notes listed; `data-writable`: `yes`/`no` once known.
 */
export class MementoNotes extends LitElement {
  static override properties = {
    link: { attribute: false },
    archive: {},
    cid: {},
    notes: { state: true },
    unreadable: { state: true },
    status: { state: true },
    writable: { state: true },
    saving: { state: true }
  }

  static override styles = css`
    :host { display: inline-block; }
    details { position: relative; }
    summary { cursor: pointer; padding: .3em .5em; border: 1px solid #888; border-radius: 3px; list-style: none; }
    details[open] > div { position: absolute; right: 0; z-index: 2; background: #fff; border: 1px solid #ccc; border-radius: 4px; padding: .6em;
      width: min(30em, 90vw); box-sizing: border-box; box-shadow: 0 4px 16px #0002; max-height: 70vh; overflow: auto; }
    ul { list-style: none; margin: 0 0 .5em; padding: 0; }
    li { border-bottom: 1px solid #eee; padding: .3em 0; }
    time { font-size: .85em; color: #666; }
    .text { white-space: pre-wrap; overflow-wrap: anywhere; margin: .2em 0 0; }
    textarea { width: 100%; box-sizing: border-box; min-height: 5em; font: inherit; }
    .warn { color: #7a4b00; background: #fff8e6; border: 1px solid #f0d49a; border-radius: 3px; padding: .3em .5em; }
    .muted { color: #666; }
  `

  link: WorkerLink | undefined
  archive = ''
  cid = ''
  notes: NoteRow[] = []
  unreadable = 0
  status = ''
  writable: Writability | undefined
  saving = false
  private loadedFor = ''

  protected override willUpdate (changed: PropertyValues<this>): void {
    if (changed.has('archive')) this.writable = undefined
    this.dataset.count = String(this.notes.length)
    this.dataset.writable = this.writable == null ? '' : this.writable.ok ? 'yes' : 'no'
  }

  protected override updated (changed: PropertyValues<this>): void {
    if (changed.has('link') || changed.has('archive') || changed.has('cid')) void this.load()
  }

  /** The memento's notes, through the replay worker (online or offline alike). */
  private async load (): Promise<void> {
    const key = `${this.archive}\n${this.cid}`
    if (this.link == null || this.archive === '' || this.cid === '' || key === this.loadedFor) return
    this.loadedFor = key
    this.notes = []
    this.unreadable = 0
    this.status = ''
    this.dataset.state = 'loading'
    const r = await this.link.get(`/api/v1/archive/${encodeURIComponent(this.archive)}/annotations?target=${encodeURIComponent(this.cid)}`)
    if (key !== this.loadedFor) return
    if (r.status !== 200) {
      this.status = describeFailure(r.status, r.body)
      this.dataset.state = 'failed'
      return
    }
    const reply = JSON.parse(r.body) as NotesReply
    this.notes = reply.annotations
    this.unreadable = reply.unreadable.length
    this.dataset.state = 'ready'
  }

  private async onToggle (event: Event): Promise<void> {
    if (!(event.target as HTMLDetailsElement).open || this.writable != null) return
    const archive = this.archive
    const writable = await noteWritability(archive)
    if (archive === this.archive) this.writable = writable
  }

  private async save (event: SubmitEvent): Promise<void> {
    event.preventDefault()
    const form = event.target as HTMLFormElement
    const area = form.querySelector('textarea') as HTMLTextAreaElement
    const cid = this.cid
    this.saving = true
    this.status = 'saving…'
    try {
      const note = await postNote(this.archive, cid, area.value)
      // the worker sees the archive's new root within 30 s; the note is shown now
      if (cid === this.cid && !this.notes.some(n => n.cid === note.cid)) this.notes = [...this.notes, note]
      area.value = ''
      this.status = 'Note saved and published.'
    } catch (err) {
      this.status = err instanceof Error ? err.message : String(err)
    } finally {
      this.saving = false
    }
  }

  private form (): unknown {
    if (this.writable == null) return html`<p class="muted">Checking whether notes can be saved here…</p>`
    if (!this.writable.ok) return html`<p id="notes-readonly" class="warn">${this.writable.why}</p>`
    return html`<form @submit=${(e: SubmitEvent) => { void this.save(e) }}>
      <label for="note-text">New note on this version</label>
      <textarea id="note-text" required maxlength=${MAX_TEXT_LENGTH} ?disabled=${this.saving}></textarea>
      <button id="note-save" type="submit" ?disabled=${this.saving}>Save note</button>
    </form>`
  }

  override render (): unknown {
    return html`<details @toggle=${(e: Event) => { void this.onToggle(e) }}>
      <summary id="notes-toggle" title="Notes on this version">Notes${this.notes.length > 0 ? ` (${this.notes.length})` : ''}</summary>
      <div>
        ${this.notes.length === 0 ? html`<p class="muted" id="notes-empty">No notes on this version yet.</p>` : nothing}
        <ul id="notes">${this.notes.map(n => html`<li class="note" data-cid=${n.cid}><time datetime=${n.datetime}>${readableDatetime(n.datetime)}</time><p class="text">${n.text}</p></li>`)}</ul>
        ${this.unreadable > 0 ? html`<p class="warn">${this.unreadable} note(s) could not be read or failed verification, and are not shown.</p>` : nothing}
        ${this.cid === '' ? html`<p class="muted">This version's content address is not known yet.</p>` : this.form()}
        <p id="notes-status" role="status">${this.status}</p>
      </div>
    </details>`
  }
}

customElements.define('memento-notes', MementoNotes)
