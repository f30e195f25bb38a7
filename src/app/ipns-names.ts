const KEY = 'iparo.ipnsNames'

/** Local archive names → their IPNS names, as the node last listed them: a share link never names a local name. */
function load (): Record<string, string> {
  try {
    const value: unknown = JSON.parse(localStorage.getItem(KEY) ?? '{}')
    if (typeof value !== 'object' || value == null) return {}
    return Object.fromEntries(Object.entries(value).filter((e): e is [string, string] => typeof e[1] === 'string'))
  } catch {
    return {}
  }
}

/** Kept on the app's origin, so that a share link opened offline (the node stopped) still names the archive by its key. */
export function rememberIpnsNames (archives: Array<{ name: string, ipns: string }>): void {
  const names = load()
  for (const a of archives) names[a.name.toLowerCase()] = a.ipns
  try {
    localStorage.setItem(KEY, JSON.stringify(names))
  } catch {
    // storage full or refused: the names are asked of the node again next time
  }
}

/** The IPNS name the node last gave for a local archive name (names are case-insensitive, as the node treats them). */
export function knownIpnsName (name: string): string | undefined {
  return load()[name.toLowerCase()]
}
