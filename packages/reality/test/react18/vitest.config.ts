import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'
import root from '../../../../vitest.config'

/*
 * Runs the React-hook tests (test/react) a second time against React 18. React 18 lives in
 * this folder's own node_modules (npm aliases of react would clash with React 19's peers at
 * the root), so every import of react, react-dom and Testing Library is pointed here; the
 * rest of the root config (source aliases, timeouts) is reused as is.
 *
 *   npm run test:react18   (installs this folder with `npm ci`, then runs this config)
 */
const here = (path: string) => fileURLToPath(new URL(path, import.meta.url))
const modules = here('./node_modules/')
const src = here('../../src/')

export default defineConfig({
  ...root,
  resolve: {
    alias: [
      { find: /^react$/, replacement: `${modules}react/index.js` },
      { find: /^react\/(.+)$/, replacement: `${modules}react/$1.js` },
      { find: /^react-dom$/, replacement: `${modules}react-dom/index.js` },
      { find: /^react-dom\/(.+)$/, replacement: `${modules}react-dom/$1.js` },
      { find: /^@testing-library\/react$/, replacement: `${modules}@testing-library/react/dist/index.js` },
      { find: /^@rootlodge\/reality\/react$/, replacement: `${src}react/index.ts` },
      { find: /^@rootlodge\/reality\/compat$/, replacement: `${src}compat/index.ts` },
      ...(Array.isArray(root.resolve?.alias) ? root.resolve.alias : []),
    ],
  },
  test: {
    ...root.test,
    root: here('../../../../'),
    include: ['packages/reality/test/react/**/*.test.{ts,tsx}'],
    env: { REALITY_REACT_MAJOR: '18' },
  },
})
