import { InvalidInputError } from '../errors.ts'

/**
 * A CID namespace layout (docs/iparo-format.md, section 9): the leading `bits` bits of an IPARO root's
 * sha2-256 digest are the archival tag, the next `urlBits` those of sha256(its URL key). Version 1 of
 * the layout; the header records it as `namespace: { layout: 1, bits, urlBits }`.
 */
export interface NamespaceLayout {
  bits: number
  urlBits: number
}

export const NAMESPACE_LAYOUT_VERSION = 1
/** 2^32 tries is hours of grinding per IPARO: beyond any use, and a nonce of 16 hex digits never runs out. */
export const MAX_NAMESPACE_BITS = 32
/** The archival tag: the first 4 bytes of sha256("iparo archival record"), 4599fac6, written out (a test recomputes them). */
export const ARCHIVAL_TAG = Uint8Array.from([0x45, 0x99, 0xfa, 0xc6])

/** The header's record of a layout: what a reader checks a claimed namespace against. */
export interface NamespaceClaim extends NamespaceLayout {
  layout: number
}

export function namespaceClaim (layout: NamespaceLayout): NamespaceClaim {
  return { layout: NAMESPACE_LAYOUT_VERSION, bits: layout.bits, urlBits: layout.urlBits }
}

/** Whether a total is one a writer may grind and a reader may accept (both parts counts, the tag at most 32 bits). */
export function validLayout (layout: NamespaceLayout): boolean {
  const { bits, urlBits } = layout
  return Number.isSafeInteger(bits) && Number.isSafeInteger(urlBits) && bits >= 0 && urlBits >= 0 &&
    bits <= ARCHIVAL_TAG.byteLength * 8 && bits + urlBits <= MAX_NAMESPACE_BITS
}

/** `BITS[:URLBITS]` as `iparo ingest --namespace` takes it; URLBITS defaults to 0. */
export function parseNamespaceOption (text: string): NamespaceLayout {
  const m = /^(\d{1,2})(?::(\d{1,2}))?$/.exec(text.trim())
  const layout = { bits: Number(m?.[1]), urlBits: Number(m?.[2] ?? 0) }
  if (m == null || !validLayout(layout)) {
    throw new InvalidInputError(`--namespace takes BITS[:URLBITS] with BITS ≤ 32 and BITS + URLBITS ≤ ${MAX_NAMESPACE_BITS}, not ${JSON.stringify(text)}`)
  }
  return layout
}

export function sameLayout (a: NamespaceLayout | undefined, b: NamespaceLayout | undefined): boolean {
  return a?.bits === b?.bits && a?.urlBits === b?.urlBits
}
