import * as dagCbor from '@ipld/dag-cbor'
import { CID } from 'multiformats/cid'
import { sha256 } from 'multiformats/hashes/sha2'
import { InvalidUrlMapError } from '../errors.ts'
import { MAX_BLOCK_BYTES } from './boundary.ts'
import { encodeLeaf } from './encode-leaf.ts'
import { compareKeys } from './key-order.ts'
import type { UrlEntry } from './url-entry.ts'
import { entryProblem } from './url-entry.ts'
import { sha256Cid } from '../iparo/sha256-cid.ts'

/** The `format` field of every node (docs/url-map.md). */
export const NODE_FORMAT = 'iparo-url-map/1'
/** Deeper trees than this are rejected (at fan-out ≥ 2 that is 2^32 entries and more). */
export const MAX_LEVEL = 32

/** Level 0: keys and their entries. */
export interface LeafNode {
  level: 0
  keys: string[]
  entries: UrlEntry[]
}

/** Level ≥ 1: for each child, its last (largest) key, its link and its number of entries. */
export interface BranchNode {
  level: number
  keys: string[]
  children: CID[]
  counts: number[]
}

export type MapNode = LeafNode | BranchNode

export function isLeaf (node: MapNode): node is LeafNode {
  return node.level === 0
}

/** Entries under this node. */
export function nodeCount (node: MapNode): number {
  if (isLeaf(node)) return node.keys.length
  let n = 0
  for (const c of node.counts) n += c
  return n
}

export interface EncodedNode {
  cid: CID
  bytes: Uint8Array
}

export async function encodeNode (node: MapNode): Promise<EncodedNode> {
  const bytes = isLeaf(node)
    ? encodeLeaf(node.keys, node.entries)
    : dagCbor.encode({ format: NODE_FORMAT, level: node.level, keys: node.keys, children: node.children, counts: node.counts })
  return { cid: sha256Cid(dagCbor.code, await sha256.encode(bytes)), bytes }
}

function fail (cid: CID, message: string, cause?: unknown): never {
  throw new InvalidUrlMapError(message, cid.toString(), cause === undefined ? undefined : { cause })
}

function sameFields (obj: object, expected: string[]): boolean {
  const keys = Object.keys(obj)
  return keys.length === expected.length && expected.every(k => Object.hasOwn(obj, k))
}

function checkKeys (cid: CID, keys: unknown): string[] {
  if (!Array.isArray(keys)) fail(cid, 'keys is not a list')
  for (let i = 0; i < keys.length; i++) {
    const k: unknown = keys[i]
    if (typeof k !== 'string') fail(cid, `key ${i} is not a string`)
    if (i > 0 && compareKeys(keys[i - 1] as string, k) >= 0) fail(cid, `keys are not strictly ascending at ${i}`)
  }
  return keys as string[]
}

/** Decodes and validates one node's own shape. The bytes must already be verified against `cid`. */
export function decodeNode (cid: CID, bytes: Uint8Array): MapNode {
  if (cid.code !== dagCbor.code) fail(cid, `not dag-cbor (codec 0x${cid.code.toString(16)})`)
  if (bytes.length > MAX_BLOCK_BYTES) fail(cid, `${bytes.length} bytes, more than ${MAX_BLOCK_BYTES}`)
  let obj: unknown
  try {
    obj = dagCbor.decode(bytes)
  } catch (err) {
    fail(cid, 'not valid dag-cbor', err)
  }
  if (typeof obj !== 'object' || obj === null || Array.isArray(obj) || obj instanceof Uint8Array || CID.asCID(obj) != null) {
    fail(cid, 'not a map')
  }
  const raw = obj as Record<string, unknown>
  if (raw.format !== NODE_FORMAT) fail(cid, `format is not ${JSON.stringify(NODE_FORMAT)}`)
  const level = raw.level
  if (typeof level !== 'number' || !Number.isInteger(level) || level < 0 || level > MAX_LEVEL) fail(cid, 'level is not an integer in 0…32')
  const keys = checkKeys(cid, raw.keys)
  if (level === 0) {
    if (!sameFields(raw, ['format', 'level', 'keys', 'entries'])) fail(cid, 'leaf fields are not exactly format, level, keys, entries')
    const entries = raw.entries
    if (!Array.isArray(entries) || entries.length !== keys.length) fail(cid, 'entries is not a list as long as keys')
    return {
      level: 0,
      keys,
      entries: entries.map((e: unknown, i) => {
        const problem = entryProblem(e, true)
        if (problem != null) fail(cid, `entry ${i}: ${problem}`)
        // exactly the known fields, so the decoded object is the entry; frozen because nodes are cached
        return Object.freeze(e as UrlEntry)
      })
    }
  }
  if (!sameFields(raw, ['format', 'level', 'keys', 'children', 'counts'])) fail(cid, 'branch fields are not exactly format, level, keys, children, counts')
  const { children, counts } = raw
  if (keys.length === 0) fail(cid, 'branch without children')
  if (!Array.isArray(children) || children.length !== keys.length) fail(cid, 'children is not a list as long as keys')
  if (!Array.isArray(counts) || counts.length !== keys.length) fail(cid, 'counts is not a list as long as keys')
  let total = 0
  const links = children.map((c: unknown, i) => {
    const link = CID.asCID(c)
    if (link == null || link.code !== dagCbor.code) fail(cid, `child ${i} is not a dag-cbor link`)
    return link
  })
  for (const [i, n] of counts.entries()) {
    if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < 1) fail(cid, `count ${i} is not a positive integer`)
    total += n
  }
  if (!Number.isSafeInteger(total)) fail(cid, 'counts overflow')
  return { level, keys, children: links, counts: counts as number[] }
}

/** What a parent says about a child, checked when the child is read. */
export interface ChildExpectation {
  level: number
  /** the child's last key */
  last: string
  count: number
  /** every key of the child is greater than this (the previous sibling's last key) */
  after?: string
}

export function expectationOf (parent: BranchNode, index: number, after: string | undefined): ChildExpectation {
  return {
    level: parent.level - 1,
    last: parent.keys[index] as string,
    count: parent.counts[index] as number,
    after: index > 0 ? parent.keys[index - 1] : after
  }
}

/** Throws unless `node` is what its parent said it is: a tree that contradicts itself gives no answers. */
export function checkChild (cid: CID, node: MapNode, exp: ChildExpectation): void {
  if (node.level !== exp.level) fail(cid, `level ${node.level}, its parent expects ${exp.level}`)
  const n = node.keys.length
  if (n === 0) fail(cid, 'empty node below the root')
  if (node.keys[n - 1] !== exp.last) fail(cid, 'last key differs from its parent\'s')
  if (exp.after !== undefined && compareKeys(node.keys[0] as string, exp.after) <= 0) fail(cid, 'first key is not after the previous sibling\'s last key')
  if (nodeCount(node) !== exp.count) fail(cid, `holds ${nodeCount(node)} entries, its parent says ${exp.count}`)
}
