export { readWarcRecords } from './read-warc-records.ts'
export { SourceGap } from './source-gap.ts'
export { WarcHeaders } from './warc-headers.ts'
export type { ReadWarcOptions, RecordEnd, WarcEvent, WarcProblem, WarcRecord } from './warc-types.ts'
