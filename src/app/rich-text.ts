import { html } from 'lit'

/** A sentence with `commands` in backticks, as text and <code> (never markup from the text itself). */
export function richText (text: string): unknown[] {
  return text.split('`').map((part, i) => i % 2 === 1 ? html`<code>${part}</code>` : part)
}
