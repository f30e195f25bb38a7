import { html } from 'lit'

/** First/previous/next/last through the versions; `index` is the current one (-1: none of them). */
export function versionNav (index: number, count: number, goVersion: (index: number) => void): unknown {
  return html`<div class="nav" role="group" aria-label="Versions">
            <button type="button" id="first" aria-label="First version ({)" title="First version ({)" ?disabled=${index <= 0} @click=${() => { goVersion(0) }}>|◀</button>
            <button type="button" id="prev" aria-label="Previous version ([)" title="Previous version ([)" ?disabled=${index <= 0} @click=${() => { goVersion(index - 1) }}>◀</button>
            <button type="button" id="next" aria-label="Next version (])" title="Next version (])" ?disabled=${index < 0 || index >= count - 1} @click=${() => { goVersion(index + 1) }}>▶</button>
            <button type="button" id="last" aria-label="Last version (})" title="Last version (})" ?disabled=${index < 0 || index >= count - 1} @click=${() => { goVersion(count - 1) }}>▶|</button>
          </div>`
}
