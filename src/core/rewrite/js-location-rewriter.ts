/**
 * The name scripts read `location` through once rewritten. The client script defines it as a getter/setter
 * on `Window.prototype` and `Document.prototype` (an archive-aware Location), and on `Object.prototype`
 * for every other object (their own `location`, unchanged).
 */
export const LOCATION_NAME = '__iparoLoc'

/**
 * Put in front of a rewritten script file (after its `"use strict"`): where no client script runs — a web
 * worker, a frame the page made itself — the name still reads and writes the object's own `location`.
 */
export const LOCATION_PRELUDE = `if(!("${LOCATION_NAME}"in self))Object.defineProperty(Object.prototype,"${LOCATION_NAME}",{get(){return this.location},set(v){this.location=v},configurable:true});`

// Declarations that make `location` a local name somewhere in the script: its bare uses are then left alone.
const DECLARES = /\b(?:var|let|const|function|class)\s+location\b|\b(?:var|let|const)\s*[{[][^=;]*\blocation\b|[(,]\s*location\s*(?:=(?!=)|,[^)]*\)\s*(?:=>|\{)|\)\s*(?:=>|\{))|\blocation\s*=>|\bcatch\s*\(\s*location\b/

// Receivers whose window is often another origin's (the replay host above the frame) or a frame the page
// made without a client script: their `.location` stays as it is.
const FOREIGN = new Set(['top', 'parent', 'opener', 'contentWindow', 'contentDocument', 'frames'])

// After these words a `/` starts a regular expression, after other words it divides.
const BEFORE_REGEX = new Set(['return', 'typeof', 'case', 'do', 'else', 'in', 'of', 'new', 'delete', 'void', 'throw', 'instanceof', 'yield', 'await'])
// Words after which `location` is a name being defined, not read.
const DEFINING = new Set(['get', 'set', 'static', 'async', 'import', 'as', 'function', 'class', 'var', 'let', 'const', 'break', 'continue'])

const isIdent = (c: number): boolean =>
  (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 36 || c === 95 || c >= 128
const isSpace = (c: number): boolean => c === 32 || c === 10 || c === 9 || c === 13 || c === 12 || c === 11 || c === 0xa0

type Brace = 'block' | 'class' | 'template'

/**
 * Classic and module script text with its `location` reads and writes going through {@link LOCATION_NAME}:
 * the bare global `location` and the member `.location` (`window.location`, `document.location.href = …`).
 * A lexer-lite pass: strings, template literal text, comments and regular expressions are skipped; object
 * keys (`{ location: 1 }`, shorthand `{ location }`), class members, `#location`, method names
 * (`location()`), `get location()` and every bare use in a script that declares its own `location`
 * (variable, parameter, destructuring) are left alone. `.location` on `top`, `parent`, `opener`,
 * `contentWindow`, `contentDocument` and `frames` is left alone too: those windows are often on another
 * origin. Ambiguous `/` after `}` is read as a regular expression (the usual choice of such lexers).
 */
export function rewriteLocation (js: string): string {
  if (!js.includes('location')) return js
  const bareAllowed = !DECLARES.test(js)
  const n = js.length
  const braces: Brace[] = []
  let pendingClass = false
  let out = ''
  let copied = 0
  // the last significant token: kind 'w' (word), 'p' (punctuator char), 'n' (number/string/regex/template: a value)
  let lastKind: 'w' | 'p' | 'n' | '' = ''
  // the last word's bounds: sliced only when asked for (most words are never looked at)
  let wordStart = 0
  let wordEnd = 0
  const lastWord = (): string => js.slice(wordStart, wordEnd)
  let lastPunct = 0
  let dotWordStart = -1 // the word before the last `.`, if a word was (its end: dotWordEnd)
  let dotWordEnd = 0
  let i = 0
  const regexAllowed = (): boolean => {
    if (lastKind === '') return true
    if (lastKind === 'n') return false
    if (lastKind === 'w') return BEFORE_REGEX.has(lastWord())
    return lastPunct !== 41 && lastPunct !== 93 // not after ) or ]
  }
  while (i < n) {
    const c = js.charCodeAt(i)
    if (isSpace(c)) { i++; continue }
    if (c === 47) { // '/'
      const d = js.charCodeAt(i + 1)
      if (d === 47) { const e = js.indexOf('\n', i); i = e < 0 ? n : e; continue }
      if (d === 42) { const e = js.indexOf('*/', i + 2); i = e < 0 ? n : e + 2; continue }
      if (regexAllowed()) { i = skipRegex(js, i); lastKind = 'n'; continue }
      i++; lastKind = 'p'; lastPunct = c; continue
    }
    if (c === 34 || c === 39) { i = skipString(js, i, c); lastKind = 'n'; continue }
    if (c === 96) { // '`'
      const r = skipTemplate(js, i + 1)
      i = r.end
      if (r.expression) braces.push('template')
      else lastKind = 'n'
      continue
    }
    if (c === 125 && braces[braces.length - 1] === 'template') { // '}' closing `${…}`: template text again
      braces.pop()
      const r = skipTemplate(js, i + 1)
      i = r.end
      if (r.expression) braces.push('template')
      else lastKind = 'n'
      continue
    }
    if (isIdent(c) && !(c >= 48 && c <= 57)) {
      let e = i + 1
      while (e < n && isIdent(js.charCodeAt(e))) e++
      const length = e - i
      const word = length === 8 || length === 5 ? js.slice(i, e) : '' // 'location' or 'class'
      if (word === 'location' && js.charCodeAt(i - 1) !== 35 /* # */) {
        const replace = isMember(lastKind, lastPunct, js, i)
          ? !(dotWordStart >= 0 && FOREIGN.has(js.slice(dotWordStart, dotWordEnd)))
          : bareAllowed && bareIsRead(js, e, lastKind, lastKind === 'w' ? lastWord() : '', lastPunct, braces[braces.length - 1])
        if (replace) { out += js.slice(copied, i) + LOCATION_NAME; copied = e }
      }
      if (word === 'class' && !(lastKind === 'p' && lastPunct === 46)) pendingClass = true
      lastKind = 'w'; wordStart = i; wordEnd = e
      i = e
      continue
    }
    if (c >= 48 && c <= 57) { // a number (with its letters: 0x1f, 1e3, 10n)
      let e = i + 1
      while (e < n && (isIdent(js.charCodeAt(e)) || js.charCodeAt(e) === 46)) e++
      i = e; lastKind = 'n'; continue
    }
    if (c === 123) { braces.push(pendingClass ? 'class' : 'block'); pendingClass = false }
    else if (c === 125) braces.pop()
    else if (c === 59) pendingClass = false
    else if (c === 46) { dotWordStart = lastKind === 'w' ? wordStart : -1; dotWordEnd = wordEnd }
    lastKind = 'p'; lastPunct = c
    i++
  }
  return copied === 0 ? js : out + js.slice(copied)
}

/** Whether the `location` at `at` follows a `.` (`a.location`, `a?.location`, not `...location`). */
function isMember (lastKind: string, lastPunct: number, js: string, at: number): boolean {
  if (lastKind !== 'p' || lastPunct !== 46) return false
  let j = at - 1
  while (j >= 0 && isSpace(js.charCodeAt(j))) j--
  return js.charCodeAt(j - 1) !== 46 // a spread's third dot
}

/** Whether a bare `location` (ending at `end`) is the global read or written, not a name being defined. */
function bareIsRead (js: string, end: number, lastKind: string, lastWord: string, lastPunct: number, brace: Brace | undefined): boolean {
  if (lastKind === 'w' && DEFINING.has(lastWord)) return false
  let j = end
  while (j < js.length && isSpace(js.charCodeAt(j))) j++
  const next = js.charCodeAt(j)
  const afterOpen = lastKind === 'p' && (lastPunct === 123 || lastPunct === 44) // after { or ,
  if (brace === 'class' && (lastKind !== 'p' || lastPunct === 123 || lastPunct === 59 || lastPunct === 125)) return false // a class member
  if (next === 40) return false // location( : a method's name
  if (next === 58 && js.charCodeAt(j + 1) !== 58) return lastKind === 'p' && lastPunct === 63 // key or label, unless `? location :`
  if (afterOpen && (next === 125 || next === 44) && brace !== 'template') {
    // `{ location }` / `{ a, location, b }`: object shorthand or destructuring; `[a, location]`, `f(a, location)` are reads
    return !insideBraces(js, end)
  }
  return true
}

/** Whether the nearest unclosed bracket before `at` is a `{` (shorthand-property position) rather than `(` or `[`. */
function insideBraces (js: string, at: number): boolean {
  let depth = 0
  for (let j = at - 1; j >= 0; j--) {
    const c = js.charCodeAt(j)
    if (c === 41 || c === 93 || c === 125) depth++
    else if (c === 40 || c === 91 || c === 123) {
      if (depth === 0) return c === 123
      depth--
    }
  }
  return false
}

function skipString (js: string, from: number, quote: number): number {
  let i = from + 1
  while (i < js.length) {
    const c = js.charCodeAt(i)
    if (c === 92) { i += 2; continue }
    if (c === quote || c === 10) return i + 1
    i++
  }
  return i
}

/** Template text from `from` (just after the backtick or `}`) to its closing backtick, or to a `${` (expression: true). */
function skipTemplate (js: string, from: number): { end: number, expression: boolean } {
  let i = from
  while (i < js.length) {
    const c = js.charCodeAt(i)
    if (c === 92) { i += 2; continue }
    if (c === 96) return { end: i + 1, expression: false }
    if (c === 36 && js.charCodeAt(i + 1) === 123) return { end: i + 2, expression: true }
    i++
  }
  return { end: i, expression: false }
}

function skipRegex (js: string, from: number): number {
  let i = from + 1
  let inClass = false
  while (i < js.length) {
    const c = js.charCodeAt(i)
    if (c === 92) { i += 2; continue }
    if (c === 10) return i // not a regular expression after all: no line breaks in one
    if (inClass) { if (c === 93) inClass = false } else if (c === 91) inClass = true
    else if (c === 47) { i++; break }
    i++
  }
  while (i < js.length && isIdent(js.charCodeAt(i))) i++ // flags
  return i
}

/** A script file rewritten, with the prelude after its directive prologue (`"use strict"` must stay first). */
export function rewriteScriptLocation (js: string): string {
  const out = rewriteLocation(js)
  if (out === js) return js
  const prologue = /^(?:\s|\/\/[^\n]*\n|\/\*[\s\S]*?\*\/)*(?:(["'])use strict\1\s*;?)?/.exec(out)?.[0] ?? ''
  return out.slice(0, prologue.length) + LOCATION_PRELUDE + out.slice(prologue.length)
}
