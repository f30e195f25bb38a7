/** An attribute of a start tag, with where its name and value sit in the tag's text. */
export interface TagAttribute {
  /** lower-cased */
  name: string
  nameStart: number
  nameEnd: number
  /** the raw value (character references not decoded); undefined for an attribute without `=` */
  value?: string
  valueStart: number
  valueEnd: number
  /** `"`, `'` or '' (unquoted) */
  quote: string
}

export interface StartTag {
  /** lower-cased */
  name: string
  attributes: TagAttribute[]
  /** the index just past the tag's `>` in the text it was read from */
  end: number
}

const isSpace = (c: number): boolean => c === 0x20 || c === 0x0a || c === 0x09 || c === 0x0d || c === 0x0c
const SLASH = 0x2f
const GT = 0x3e
const EQ = 0x3d
const DQ = 0x22
const SQ = 0x27
// whitespace, `/` or `>`: what ends a tag or attribute name
const endsName = (c: number): boolean => isSpace(c) || c === SLASH || c === GT

/**
 * Reads the start tag at `text[start]` (a `<` followed by a letter) as the HTML tokenizer does: a quote
 * opens a value only right after `=`, an unquoted value ends at whitespace or `>`. Undefined when the
 * tag's `>` is not in `text` yet. Positions are relative to `start`.
 */
export function readStartTag (text: string, start: number): StartTag | undefined {
  const n = text.length
  let i = start + 1
  while (i < n && !endsName(text.charCodeAt(i))) i++
  const name = text.slice(start + 1, i).toLowerCase()
  const attributes: TagAttribute[] = []
  for (;;) {
    while (i < n && (isSpace(text.charCodeAt(i)) || text.charCodeAt(i) === SLASH)) i++
    if (i >= n) return undefined
    if (text.charCodeAt(i) === GT) return { name, attributes, end: i + 1 - start }
    const nameStart = i
    i++ // a name may start with `=`
    while (i < n && !endsName(text.charCodeAt(i)) && text.charCodeAt(i) !== EQ) i++
    const nameEnd = i
    let j = i
    while (j < n && isSpace(text.charCodeAt(j))) j++
    if (j >= n) return undefined
    const attribute: TagAttribute = { name: text.slice(nameStart, nameEnd).toLowerCase(), nameStart: nameStart - start, nameEnd: nameEnd - start, valueStart: nameEnd - start, valueEnd: nameEnd - start, quote: '' }
    attributes.push(attribute)
    if (text.charCodeAt(j) !== EQ) continue
    j++
    while (j < n && isSpace(text.charCodeAt(j))) j++
    if (j >= n) return undefined
    const q = text.charCodeAt(j)
    if (q === DQ || q === SQ) {
      const close = text.indexOf(q === DQ ? '"' : "'", j + 1)
      if (close < 0) return undefined
      Object.assign(attribute, { quote: q === DQ ? '"' : "'", value: text.slice(j + 1, close), valueStart: j + 1 - start, valueEnd: close - start })
      i = close + 1
    } else if (q === GT) {
      // `a=>`: an empty unquoted value
      Object.assign(attribute, { value: '', valueStart: j - start, valueEnd: j - start })
      i = j
    } else {
      let k = j
      while (k < n && !isSpace(text.charCodeAt(k)) && text.charCodeAt(k) !== GT) k++
      if (k >= n) return undefined
      Object.assign(attribute, { value: text.slice(j, k), valueStart: j - start, valueEnd: k - start })
      i = k
    }
  }
}
