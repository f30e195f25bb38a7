import type { Socket } from 'node:net'

/** What a server sent up to a moment: subtract two to get one visit's. */
export interface TrafficCounts {
  /** bytes written to its TCP sockets: status lines, headers and bodies */
  wireBytes: number
  /** body bytes by path (the part of a range answered, or the whole file) */
  bodyBytes: Record<string, number>
  requests: number
  /** requests that carried a Range header */
  rangeRequests: number
}

/** Counts a server's requests, bodies and socket bytes. */
export class Traffic {
  private closedBytes = 0
  private readonly open = new Set<Socket>()
  private readonly bodies = new Map<string, number>()
  private requests = 0
  private ranges = 0

  /** Follows a connection's bytes; they stay counted once it closes. */
  track (socket: Socket): void {
    this.open.add(socket)
    socket.once('close', () => {
      this.open.delete(socket)
      this.closedBytes += socket.bytesWritten
    })
  }

  request (range: boolean): void {
    this.requests++
    if (range) this.ranges++
  }

  body (path: string, bytes: number): void {
    this.bodies.set(path, (this.bodies.get(path) ?? 0) + bytes)
  }

  counts (): TrafficCounts {
    let wire = this.closedBytes
    for (const socket of this.open) wire += socket.bytesWritten
    return { wireBytes: wire, bodyBytes: Object.fromEntries(this.bodies), requests: this.requests, rangeRequests: this.ranges }
  }
}
