import { describe, expect, it } from 'vitest'
import { EventStreamParser } from './event-stream'

/** Feeds `chunks` and returns what the parser reported, one string per callback. */
const parse = (chunks: string[], lastEventId = ''): string[] => {
  const out: string[] = []
  const parser = new EventStreamParser(
    {
      event: (event) => out.push(`${event.type}|${event.data}|${event.lastEventId}`),
      id: (id) => out.push(`id:${id}`),
      retry: (ms) => out.push(`retry:${ms}`),
      comment: (text) => out.push(`comment:${text}`),
    },
    lastEventId,
  )
  for (const chunk of chunks) parser.push(chunk)
  parser.end()
  return out
}

describe('EventStreamParser', () => {
  it('accepts CRLF, LF and CR line ends, with a CRLF split across two chunks', () => {
    expect(parse(['data: a\r', '\n\r\n', 'data: b\r\rdata: c\n\n'])).toEqual([
      'id:',
      'message|a|',
      'id:',
      'message|b|',
      'id:',
      'message|c|',
    ])
  })

  it('joins data lines, names events, strips one leading space only, and ignores unknown fields', () => {
    expect(parse(['event: chat\ndata:  two\ndata:x\nfoo: bar\n\n'])).toEqual(['id:', 'chat| two\nx|'])
    expect(parse(['data\n\n'])).toEqual(['id:', 'message||'])
  })

  it('keeps the id across events, ignores an id with NUL, and sets it even for a block without data', () => {
    expect(parse(['id: 1\ndata: a\n\ndata: b\n\nid: 2\n\nid: x\0y\ndata: c\n\n'], 'start')).toEqual([
      'id:1',
      'message|a|1',
      'id:1',
      'message|b|1',
      'id:2',
      'id:2',
      'message|c|2',
    ])
  })

  it('reports digit-only retry values and comments; drops an event cut off by the end of the stream', () => {
    expect(parse(['retry: 250\nretry: 1.5\n: reality-keys ["a"]\ndata: lost'])).toEqual([
      'retry:250',
      'comment:reality-keys ["a"]',
    ])
  })
})
