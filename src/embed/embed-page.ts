/**
 * The app's embed page (embed.html), framed by `<iparo-replay>`: the app in embed mode on storage of
 * its own. The storage goes first: ES modules run in import order, and the app's modules read
 * `localStorage` as they load.
 */
import { useMemoryStorage } from './memory-storage.ts'
useMemoryStorage()
await import('../app/iparo-app.ts')
