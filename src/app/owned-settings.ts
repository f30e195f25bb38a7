import { cleanSettings, type ReplaySettings } from '../messages/settings-defaults.ts'

/**
 * The user's replay settings and the names of the node's archives live on the app origin, which no
 * archived script shares: the worker on the replay origin gets them with every call and keeps them in
 * memory only (docs/replay-origins.md).
 */
export const SETTINGS_KEY = 'iparo.replaySettings'
const NAMES_KEY = 'iparo.archiveNames'

export function loadOwnedSettings (): ReplaySettings | undefined {
  try {
    return cleanSettings(JSON.parse(localStorage.getItem(SETTINGS_KEY) ?? 'null'))
  } catch {
    return undefined
  }
}

export function saveOwnedSettings (settings: ReplaySettings): void {
  localStorage.setItem(SETTINGS_KEY, JSON.stringify(settings))
}

/** Local archive names → the root the node last listed for each: what the worker replays them as offline. */
export function loadArchiveNames (): Record<string, string> {
  try {
    const value: unknown = JSON.parse(localStorage.getItem(NAMES_KEY) ?? '{}')
    if (typeof value !== 'object' || value == null) return {}
    return Object.fromEntries(Object.entries(value).filter((e): e is [string, string] => typeof e[1] === 'string'))
  } catch {
    return {}
  }
}

export function rememberArchiveNames (archives: Array<{ name: string, ipns?: string, root?: string }>): void {
  const names = loadArchiveNames()
  for (const a of archives) {
    const target = a.root ?? a.ipns
    if (target != null) names[a.name] = target
  }
  localStorage.setItem(NAMES_KEY, JSON.stringify(names))
}
