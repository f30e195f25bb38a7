import type { Page } from 'playwright-core'

/** The replay view's notes panel (src/app/memento-notes.ts), by selectors that pierce shadow roots. */
export const NOTES = {
  panel: 'replay-view memento-notes',
  toggle: 'replay-view memento-notes #notes-toggle',
  text: 'replay-view memento-notes #note-text',
  save: 'replay-view memento-notes #note-save',
  notes: 'replay-view memento-notes li.note',
  noteText: 'replay-view memento-notes li.note .text',
  status: 'replay-view memento-notes #notes-status',
  readonly: 'replay-view memento-notes #notes-readonly'
} as const

/** Waits until the panel has listed the notes of `cid` (`count` of them), then opens it and waits until it knows whether it can save. */
export async function openNotes (page: Page, cid: string, count: number): Promise<void> {
  await page.waitForSelector(`${NOTES.panel}[cid="${cid}"][data-state="ready"][data-count="${count}"]`, { state: 'attached', timeout: 30_000 })
  if (await page.locator(`${NOTES.panel} details[open]`).count() === 0) await page.click(NOTES.toggle)
  await page.waitForSelector(`${NOTES.panel}:is([data-writable="yes"], [data-writable="no"]) details[open]`)
}
