/** Where the local node listens: the ports are known only once it does, so readers ask when they need them. */
export interface NodeAddress {
  host: string
  /** the app's port (0 until listening) */
  app: number
  /** the replay origin's port, when one was asked for */
  replay: number | undefined
}

export const originOf = (host: string, port: number): string => `http://${host}:${port}`
