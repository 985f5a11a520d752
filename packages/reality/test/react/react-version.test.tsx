// @vitest-environment jsdom
import { render } from '@testing-library/react'
import { version } from 'react'
import { version as domVersion } from 'react-dom'
import { describe, expect, it } from 'vitest'

// These hook tests run twice: under the root config with React 19 and under test/react18/vitest.config.ts, which
// sets REALITY_REACT_MAJOR=18. This proves each run really renders with the React it claims to.
const expected = process.env.REALITY_REACT_MAJOR ?? '19'

const Version = () => <p>{version}</p>

describe('React under test', () => {
  it(`is React ${expected} for react, react-dom and Testing Library's renderer`, () => {
    expect(version.split('.')[0]).toBe(expected)
    expect(domVersion.split('.')[0]).toBe(expected)
    // Testing Library renders through its own react-dom import: it must be the same React.
    expect(render(<Version />).container.textContent).toBe(version)
  })
})
