import type { CID } from 'multiformats/cid'
import { InvalidInputError } from '../errors.ts'
import { MAX_ITEM_BYTES } from './boundary.ts'
import { compareKeys, isWellFormed } from './key-order.ts'
import type { MapNode } from './map-node.ts'
import { isLeaf } from './map-node.ts'
import type { NodeReader } from './node-reader.ts'
import type { TreeBuilder } from './tree-builder.ts'
import type { UrlEntry } from './url-entry.ts'
import { entryBytes, entryProblem, freezeEntry } from './url-entry.ts'

/** One change: `update` gets the current entry (a copy) or undefined, and returns the new one or undefined to delete. */
export interface UrlMapChange {
  key: string
  update: (old: UrlEntry | undefined) => UrlEntry | undefined
}

interface ChangeGroup {
  key: string
  updates: Array<UrlMapChange['update']>
}

export function checkKey (key: unknown): string {
  if (typeof key !== 'string' || !isWellFormed(key)) throw new InvalidInputError(`URL-map key is not a well-formed string: ${JSON.stringify(key)}`)
  return key
}

/** Sorted by key; changes of one key stay in the given order and are applied one after another. */
function groupChanges (changes: readonly UrlMapChange[]): ChangeGroup[] {
  const sorted = [...changes].sort((a, b) => compareKeys(checkKey(a.key), checkKey(b.key)))
  const groups: ChangeGroup[] = []
  for (const c of sorted) {
    const last = groups[groups.length - 1]
    if (last?.key === c.key) last.updates.push(c.update)
    else groups.push({ key: checkKey(c.key), updates: [c.update] })
  }
  return groups
}

/** A valid, frozen entry and its size, or InvalidInputError. */
export function checkedEntry (key: string, value: unknown): { entry: UrlEntry, bytes: number } {
  const problem = entryProblem(value)
  if (problem != null) throw new InvalidInputError(`URL-map entry for ${JSON.stringify(key)}: ${problem}`)
  const entry = freezeEntry(value as UrlEntry)
  const bytes = entryBytes(key, entry)
  if (bytes > MAX_ITEM_BYTES) throw new InvalidInputError(`URL-map entry for ${JSON.stringify(key.slice(0, 200))}: ${bytes} bytes, more than ${MAX_ITEM_BYTES}`)
  return { entry, bytes }
}

/**
 * Streams the old tree with `changes` merged in through `builder`, descending only where something
 * changes or where the new chunking has not yet met the old one again. A child is adopted as it is
 * when no change falls in it and every level below is at a node boundary (chunking restarts there,
 * so it would be rebuilt identically). The rightmost node of each level ends at the end of the data
 * rather than at a boundary, so it is adopted only when no change is left at all.
 * Cost: the paths to the changed leaves plus, rarely, a neighbour until the cuts line up again.
 */
export async function applyChanges (reader: NodeReader, builder: TreeBuilder, root: MapNode, changes: readonly UrlMapChange[]): Promise<void> {
  const groups = groupChanges(changes)
  let next = 0

  const emit = async (group: ChangeGroup, old: UrlEntry | undefined): Promise<void> => {
    let value = old
    for (const update of group.updates) {
      const result = update(value === undefined ? undefined : { ...value })
      value = result === undefined ? undefined : checkedEntry(group.key, result).entry
    }
    if (value !== undefined) await builder.addEntry(group.key, value, entryBytes(group.key, value))
  }

  const visit = async (node: MapNode, after: string | undefined, rightmost: boolean): Promise<void> => {
    if (isLeaf(node)) {
      for (let i = 0; i < node.keys.length; i++) {
        const key = node.keys[i] as string
        const entry = node.entries[i] as UrlEntry
        while (next < groups.length && compareKeys((groups[next] as ChangeGroup).key, key) < 0) await emit(groups[next++] as ChangeGroup, undefined)
        if (next < groups.length && (groups[next] as ChangeGroup).key === key) await emit(groups[next++] as ChangeGroup, entry)
        else await builder.addEntry(key, entry, entryBytes(key, entry))
      }
      if (rightmost) while (next < groups.length) await emit(groups[next++] as ChangeGroup, undefined)
      return
    }
    for (let i = 0; i < node.keys.length; i++) {
      const childRightmost = rightmost && i === node.keys.length - 1
      const last = node.keys[i] as string
      const untouched = next >= groups.length || (!childRightmost && compareKeys((groups[next] as ChangeGroup).key, last) > 0)
      if (untouched && builder.emptyBelow(node.level)) {
        await builder.addChild(node.level, { key: last, cid: node.children[i] as CID, count: node.counts[i] as number })
      } else {
        const child = await reader.child(node, i, after)
        await visit(child, i > 0 ? node.keys[i - 1] : after, childRightmost)
      }
    }
  }

  await visit(root, undefined, true)
}
