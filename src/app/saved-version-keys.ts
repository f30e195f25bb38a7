import { parseReplayTarget } from '../core/replay/replay-link.ts'
import { versionKey } from './memento-timeline.ts'

/** The version keys (`archive/digits`) of `url` among the pages saved for offline, for the timeline's marks. */
export function savedVersionKeys (savedPages: Iterable<string>, url: string): Set<string> {
  const keys = new Set<string>()
  for (const page of savedPages) {
    const t = parseReplayTarget(page)
    if (t != null && t.url === url) keys.add(versionKey({ archive: t.archive, digits: t.datetime }))
  }
  return keys
}
