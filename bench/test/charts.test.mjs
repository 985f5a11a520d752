import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { PARTS, provenance, renderSvg } from '../support/charts.mjs'

const fixture = JSON.parse(readFileSync(new URL('./fixture-freshness-cost.json', import.meta.url), 'utf8'))

describe('benchmark charts', () => {
  it('renders a results file to SVG charts that name every series', async () => {
    const charts = PARTS['freshness-cost'].charts(fixture)
    expect(Object.keys(charts)).toEqual(['freshness-requests', 'freshness-bytes'])
    for (const spec of Object.values(charts)) {
      const svg = await renderSvg(spec)
      expect(svg.startsWith('<svg')).toBe(true)
      for (const series of ['Reality freshness', 'naive polling', 'SSE push']) expect(svg).toContain(series)
    }
  })

  it('tables every row and says where and when it was measured', () => {
    const table = PARTS['freshness-cost'].table(fixture)
    expect(table.split('\n')).toHaveLength(2 + fixture.rows.length)
    expect(table).toContain('| naive polling, every 10 s | 6.0 | 60.5 | 10.2 | 5.00 | 9.50 | 0.40 |')
    expect(provenance(fixture)).toContain('load average 0.5 at the start, 0.6 at the end')
  })
})
