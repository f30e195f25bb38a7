/**
 * Builds one synthetic store (synthetic-store.ts) in a process of its own, so that the bench process
 * opens and scans it with a heap that never held the build (as `iparo scan` opens a data folder):
 *
 *   tsx bench/namespace/build-store.ts DIR BLOCKS BITS URLBITS   → prints the SyntheticStore as JSON
 */
import { buildSyntheticStore } from './synthetic-store.ts'

const [dir, blocks, bits, urlBits] = process.argv.slice(2)
if (dir == null || blocks == null || bits == null || urlBits == null) throw new Error('usage: build-store.ts DIR BLOCKS BITS URLBITS')
const built = await buildSyntheticStore(dir, Number(blocks), { bits: Number(bits), urlBits: Number(urlBits) })
process.stdout.write(JSON.stringify({ ...built, truth: [...built.truth] }) + '\n')
