import { html } from 'lit'
import { replayPath } from '../core/replay/replay-link.ts'

/** Where a link with an unreadable datetime was going. */
export interface BadDatetimeLink { archive: string, datetime: string, url: string }

/**
 * A link whose datetime cannot be read: said plainly, with the way datetimes are written in links and
 * the latest capture of the URL to open instead. Nothing is looked up (the URL would be a wrong one).
 */
export function badDatetimeView ({ archive, datetime, url }: BadDatetimeLink): unknown {
  return html`<section aria-labelledby="bad-datetime-heading">
    <h1 id="bad-datetime-heading">This link’s date cannot be read</h1>
    <p class="error" role="alert" id="bad-datetime"><strong>${JSON.stringify(datetime)}</strong> is not a datetime. In a link the datetime is
      digits in UTC, <code>YYYYMMDDhhmmss</code> or a leading part of it by whole pairs (<code>2014</code>, <code>201401</code>, <code>20140126</code>…).</p>
    <p><a id="bad-datetime-latest" href=${`#${replayPath({ archive, datetime: '', url })}`}>Open the latest capture of <code>${url}</code></a>
      · <a href=${`#/${archive}`}>Go to the archive</a></p>
  </section>`
}
