/** A zip of the given members (method 0 stored, 8 claimed deflated: the bytes are kept as given), no ZIP64. */
export function zipBytes (members: Array<{ name: string, data: Uint8Array, method?: number }>): Uint8Array {
  const parts: Uint8Array[] = []
  const central: Uint8Array[] = []
  let offset = 0
  for (const m of members) {
    const name = new TextEncoder().encode(m.name)
    const local = new Uint8Array(30 + name.length)
    const l = new DataView(local.buffer)
    l.setUint32(0, 0x04034b50, true)
    l.setUint16(8, m.method ?? 0, true)
    l.setUint32(18, m.data.length, true)
    l.setUint32(22, m.data.length, true)
    l.setUint16(26, name.length, true)
    local.set(name, 30)
    const entry = new Uint8Array(46 + name.length)
    const c = new DataView(entry.buffer)
    c.setUint32(0, 0x02014b50, true)
    c.setUint16(10, m.method ?? 0, true)
    c.setUint32(20, m.data.length, true)
    c.setUint32(24, m.data.length, true)
    c.setUint16(28, name.length, true)
    c.setUint32(42, offset, true)
    entry.set(name, 46)
    parts.push(local, m.data)
    central.push(entry)
    offset += local.length + m.data.length
  }
  const size = central.reduce((n, e) => n + e.length, 0)
  const end = new Uint8Array(22)
  const e = new DataView(end.buffer)
  e.setUint32(0, 0x06054b50, true)
  e.setUint16(8, members.length, true)
  e.setUint16(10, members.length, true)
  e.setUint32(12, size, true)
  e.setUint32(16, offset, true)
  const all = [...parts, ...central, end]
  const out = new Uint8Array(all.reduce((n, p) => n + p.length, 0))
  let at = 0
  for (const p of all) { out.set(p, at); at += p.length }
  return out
}
