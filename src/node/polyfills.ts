// Node 20 lacks Promise.withResolvers (Node 22+), which helia, libp2p, it-queue and mortice call.
// This is the one polyfill the project needs; it is loaded first by every Node entry point
// (bin/iparo.js, the vitest setup, the benchmarks). See docs/node-support.md.
if (typeof Promise.withResolvers !== 'function') {
  Object.defineProperty(Promise, 'withResolvers', {
    configurable: true,
    writable: true,
    value: function withResolvers<T> () {
      let resolve!: (value: T | PromiseLike<T>) => void
      let reject!: (reason?: unknown) => void
      const promise = new Promise<T>((res, rej) => { resolve = res; reject = rej })
      return { promise, resolve, reject }
    }
  })
}
export {}
