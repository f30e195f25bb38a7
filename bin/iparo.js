#!/usr/bin/env node
// The CLI runs its TypeScript sources directly through tsx's loader: no build step between
// `npm install` and `npx iparo`. Node 20 needs one polyfill, loaded first by the entry module.
import { register } from 'tsx/esm/api'

register()
await import('../src/node/cli/main.ts')
