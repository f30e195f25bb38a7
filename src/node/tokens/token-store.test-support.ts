/**
 * A real other process for token-store.test.ts: `DIR N` prints "ready", makes N tokens in DIR one
 * after another, then prints "done".
 */
import { TokenStore } from './token-store.ts'

const [dir = '', times = '0'] = process.argv.slice(2)
const tokens = new TokenStore(dir)
process.stdout.write('ready\n')
for (let i = 0; i < Number(times); i++) await tokens.create(`child ${i}`)
process.stdout.write('done\n')
