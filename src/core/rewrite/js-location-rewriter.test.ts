import { describe, expect, it } from 'vitest'
import { LOCATION_NAME as L, LOCATION_PRELUDE, rewriteLocation, rewriteScriptLocation } from './js-location-rewriter.ts'

const cases: Array<[string, string, string]> = [
  ['the bare global', 'var u = location.href', `var u = ${L}.href`],
  ['a member of window', 'window.location.href = x', `window.${L}.href = x`],
  ['a member of document', 'document.location.assign(u)', `document.${L}.assign(u)`],
  ['an assignment to location', 'location = "/next"', `${L} = "/next"`],
  ['an assignment to window.location', 'window.location = u;', `window.${L} = u;`],
  ['optional chaining', 'a?.location?.href', `a?.${L}?.href`],
  ['a member of a plain object (the fallback keeps its own value)', 'foo.location', `foo.${L}`],
  ['a ternary branch', 'a ? location : b', `a ? ${L} : b`],
  ['typeof', 'typeof location', `typeof ${L}`],
  ['a call argument', 'f(a, location)', `f(a, ${L})`],
  ['an array element', '[a, location]', `[a, ${L}]`],
  ['inside a template expression', '`at ${location.href} now`', `\`at \${${L}.href} now\``],
  ['after a division', 'a = b / 2; location.reload()', `a = b / 2; ${L}.reload()`],
  ['after a regular expression', 'x = /a\\/b/.test(s) && location.hash', `x = /a\\/b/.test(s) && ${L}.hash`],
  ['a regex with a slash in a class', 'x = /[/]/; location.hash', `x = /[/]/; ${L}.hash`],
  ['a comparison', 'if (top.location != self.location) {}', `if (top.location != self.${L}) {}`],
  ['a spread', 'f(...location)', `f(...${L})`],
  ['on an event handler line', 'location.href=\'/a\';return false', `${L}.href='/a';return false`]
]

const untouched: Array<[string, string]> = [
  ['an object key', 'var o = {location: 1}'],
  ['an object key after a comma', 'var o = { a: 1, location: "x" }'],
  ['shorthand property', 'var o = { a, location }'],
  ['a double-quoted string', 'var s = "location.href"'],
  ['a single-quoted string', "var s = 'window.location'"],
  ['template text', 'var s = `location is ${1}, location`'],
  ['a line comment', '// location.href = x\n'],
  ['a block comment', '/* window.location */'],
  ['a regular expression', 'var r = /location/g'],
  ['a let declaration (bare uses stay local)', 'let location = 1; f(location)'],
  ['a var declaration', 'var location = "x"; location += "y"'],
  ['a parameter', 'function f(location) { return location.href }'],
  ['a second parameter', 'function f(a, location) { return location.href }'],
  ['an arrow parameter', 'const f = location => location.href'],
  ['a destructuring declaration', 'const { location } = props; use(location)'],
  ['a private field', 'class A { #location = 1; m () { return this.#location } }'],
  ['a method name', 'var o = { location () { return 1 } }'],
  ['a getter', 'var o = { get location () { return 1 } }'],
  ['a class field', 'class A { location = 1 }'],
  ['a label', 'location: for (;;) break location'],
  ['the parent frame\'s location', 'parent.location.href'],
  ['the top window\'s location', 'window.top.location'],
  ['an iframe\'s window', 'frame.contentWindow.location.href'],
  ['another word', 'var locations = 1; relocation(); x.locationHref'],
  ['an import name', 'import location from "./l.js"'],
  ['no location at all', 'var a = 1']
]

describe('rewriteLocation', () => {
  for (const [name, input, output] of cases) {
    it(`rewrites ${name}`, () => { expect(rewriteLocation(input)).toBe(output) })
  }
  for (const [name, input] of untouched) {
    it(`leaves alone ${name}`, () => { expect(rewriteLocation(input)).toBe(input) })
  }

  it('still rewrites members when the script declares its own location', () => {
    expect(rewriteLocation('let location = 1; window.location.href = "/a"')).toBe(`let location = 1; window.${L}.href = "/a"`)
  })

  it('does not take a division for a regular expression', () => {
    expect(rewriteLocation('var x = a / b, y = c / d; location.hash')).toBe(`var x = a / b, y = c / d; ${L}.hash`)
  })

  it('handles nested templates', () => {
    expect(rewriteLocation('`a ${`b ${location.href}`} location`')).toBe(`\`a \${\`b \${${L}.href}\`} location\``)
  })

  it('rewrites code after a class body', () => {
    expect(rewriteLocation('class A { m () { return location.href } }\nlocation.reload()')).toBe(`class A { m () { return ${L}.href } }\n${L}.reload()`)
  })

  it('reads `(location == x)` as a comparison, not a default parameter', () => {
    expect(rewriteLocation('if (location == x) location.reload()')).toBe(`if (${L} == x) ${L}.reload()`)
  })

  it('puts the prelude of a script file after its "use strict"', () => {
    expect(rewriteScriptLocation('"use strict";\nlocation.reload()')).toBe(`"use strict";${LOCATION_PRELUDE}\n${L}.reload()`)
    expect(rewriteScriptLocation('location.reload()')).toBe(`${LOCATION_PRELUDE}${L}.reload()`)
    expect(rewriteScriptLocation('var a = 1')).toBe('var a = 1')
  })

  it('gives a prelude that works where no client script defines the name', () => {
    const holder = { location: 'own' } as Record<string, unknown>
    // the prelude's feature test looks for `self`; Node has globalThis only
    const run = new Function('self', 'holder', `${LOCATION_PRELUDE} const v = holder.${L}; holder.${L} = 'set'; return v`)
    try {
      expect(run(globalThis, holder)).toBe('own')
      expect(holder.location).toBe('set')
    } finally {
      delete (Object.prototype as Record<string, unknown>)[L]
    }
  })

  it('is idempotent on its own output', () => {
    const once = rewriteLocation('location.href = window.location.href')
    expect(rewriteLocation(once)).toBe(once)
  })
})
