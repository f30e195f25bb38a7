import { html } from 'lit'
import type { Version } from '../core/timeline/merge-versions.ts'
import { readableDatetime } from './memento-timeline.ts'

export interface MementoInfoOptions {
  /** the shown version, when the timeline has it */
  version: Version | undefined
  index: number
  count: number
  /** the datetime the view names (digits, or '' for the latest) */
  datetime: string
  /** the archive's label */
  label: string
  /** the shown page is saved for offline */
  saved: boolean
  pageTitle: string
  url: string
}

/** The banner's words: the memento's datetime and archive, its place among the versions, its title. */
export function mementoInfo ({ version, index, count, datetime, label, saved, pageTitle, url }: MementoInfoOptions): unknown {
  return html`<div class="info" id="banner" aria-live="polite">
            ${version != null
              ? html`<strong id="memento-datetime">${readableDatetime(version.datetime)} UTC</strong> in <strong id="memento-archive">${label}</strong> · ${index + 1} of ${count}`
              : html`<strong id="memento-datetime">${datetime !== '' ? datetime : 'latest'}</strong> in <strong id="memento-archive">${label}</strong>`}
            ${saved ? html` <span class="badge" id="offline-mark">saved for offline</span>` : null}
            <span class="title" id="page-title" title=${url}>${pageTitle !== '' ? pageTitle : url}</span>
          </div>`
}
