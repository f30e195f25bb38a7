/**
 * A real other process for folder-lock.test.ts:
 *   hold PATH          takes the lock, prints "held", keeps it until killed or stdin ends
 *   count PATH FILE N  N times: under the lock, reads the number in FILE and writes it back plus one
 */
import { readFile, writeFile } from 'node:fs/promises'
import { FolderLock } from './folder-lock.ts'

const [mode, path = '', file = '', times = '0'] = process.argv.slice(2)
const lock = new FolderLock(path)
if (mode === 'hold') {
  await lock.hold()
  process.stdout.write('held\n')
  process.stdin.resume()
  process.stdin.on('end', () => { void lock.release().then(() => process.exit(0)) })
} else if (mode === 'count') {
  for (let i = 0; i < Number(times); i++) {
    await lock.run(async () => {
      const n = Number(await readFile(file, 'utf8'))
      // yield between read and write, so that an unprotected pair of processes would interleave here
      await new Promise(resolve => setImmediate(resolve))
      await writeFile(file, String(n + 1))
    })
  }
}
