/**
 * A real other process for pin-store.test.ts: `DIR REQUESTID N` sets the pin's info to { child: 0..N-1 } in
 * turn while adding N pins of its own, then prints "done".
 */
import { CID } from 'multiformats/cid'
import { openEmbeddedStore } from '../embedded-store.ts'
import { PinStore } from './pin-store.ts'

const [dir = '', requestid = '', times = '0'] = process.argv.slice(2)
const store = await openEmbeddedStore(dir)
const pins = new PinStore(store)
const cid = CID.parse('bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy')
for (let i = 0; i < Number(times); i++) {
  await pins.add({ cid, source: 'dag-import', status: 'pinned', name: `child ${i}` })
  await pins.update(requestid, { info: { child: String(i) } })
}
await store.close()
process.stdout.write('done\n')
