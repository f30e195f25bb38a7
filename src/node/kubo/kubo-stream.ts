/**
 * A command's output values as Kubo sends them over its RPC: one JSON value per line, flagged as
 * chunked output (`X-Chunked-Output`), which kubo-rpc-client reads as NDJSON.
 */
export function kuboStream (values: unknown[]): Response {
  return new Response(values.map(v => JSON.stringify(v) + '\n').join(''), {
    status: 200,
    headers: { 'Content-Type': 'application/json', 'X-Chunked-Output': '1', 'Cache-Control': 'no-store' }
  })
}

/** A command's single output value, as Kubo sends it. */
export function kuboValue (value: unknown): Response {
  return new Response(JSON.stringify(value) + '\n', { status: 200, headers: { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' } })
}
