// @vitest-environment jsdom
import { createRealityClient, OnlineManager } from '@rootlodge/reality'
import { RealityProvider, useOnline, useReality } from '@rootlodge/reality/react'
import { act, render, screen, waitFor } from '@testing-library/react'
import { Component, type ReactNode, Suspense, useState } from 'react'
import { describe, expect, it } from 'vitest'
import * as z from 'zod'
import { openAppWithClient } from './support/app-client'
import { countingFetcher } from './support/counting-fetcher'

/*
 * useReality's read options (select, keepPreviousData, suspense, throwOnError, a Standard Schema) and useOnline,
 * against the real test app: payloads are GETs of /api/<name>, versions come from its RealityServer.
 */

const env = openAppWithClient()

const text = (id: string) => screen.getByTestId(id).textContent

/** Renders its children, or the caught error's message; `reset()` renders the children again. */
class Boundary extends Component<{ children: ReactNode }, { error: Error | null }> {
  static instance: Boundary | undefined
  override state = { error: null as Error | null }
  static getDerivedStateFromError(error: Error) {
    return { error }
  }
  override componentDidMount() {
    Boundary.instance = this
  }
  reset() {
    this.setState({ error: null })
  }
  override render() {
    return this.state.error ? <p data-testid="caught">{this.state.error.message}</p> : this.props.children
  }
}

const count = (items: { id: number }[]) => items.length
const Count = ({ fetcher }: { fetcher: () => Promise<{ id: number }[]> }) => {
  const { data } = useReality('k:sel', { fallback: [] as { id: number }[], fetcher, select: count })
  return <p data-testid="n">{data}</p>
}

let setPage!: (page: number) => void
const Pages = ({ load }: { load: (page: number) => Promise<unknown> }) => {
  const [page, set] = useState(1)
  setPage = set
  const { data, isPreviousData, isLoading } = useReality(`k:page:${page}`, {
    keepPreviousData: true,
    fetcher: () => load(page),
  })
  return <p data-testid="page">{`${String(data)} ${isPreviousData} ${isLoading}`}</p>
}

const Suspending = ({ rkey, fetcher }: { rkey: string; fetcher: () => Promise<unknown> }) => {
  const { data } = useReality<string>(rkey, { fetcher: fetcher as () => Promise<string>, suspense: true })
  return <p data-testid="data">{data.toUpperCase()}</p>
}

const Throwing = ({ rkey, fetcher }: { rkey: string; fetcher: () => Promise<unknown> }) => {
  const { data } = useReality(rkey, { fetcher, throwOnError: true })
  return <p data-testid="data">{String(data)}</p>
}

const standard = { '~standard': z.array(z.object({ id: z.number() }))['~standard'] }
const Validated = ({ fetcher }: { fetcher: () => Promise<unknown> }) => {
  const { data, error } = useReality('k:std', { schema: standard, fetcher, fallback: [] })
  return <p data-testid="std">{error ? error.message : data.map((item) => item.id).join(',')}</p>
}

const Status = () => <p data-testid="online">{useOnline() ? 'online' : 'offline'}</p>

describe('select', () => {
  it('derives data from the payload and the fallback', async () => {
    await env.app.publish('sel', [{ id: 1 }, { id: 2 }, { id: 3 }], 'k:sel')
    render(
      <RealityProvider client={env.client}>
        <Count fetcher={countingFetcher('sel') as () => Promise<{ id: number }[]>} />
      </RealityProvider>,
    )
    expect(text('n')).toBe('0')
    await waitFor(() => expect(text('n')).toBe('3'))
  })
})

describe('keepPreviousData', () => {
  it("shows the previous key's data while the new key loads, then the new data", async () => {
    await env.app.publish('page1', 'first page', 'k:page:1')
    await env.app.publish('page2', 'second page', 'k:page:2')
    const fetchers: Record<string, ReturnType<typeof countingFetcher>> = {
      'k:page:1': countingFetcher('page1'),
      'k:page:2': countingFetcher('page2'),
    }
    let release!: () => void
    const held = new Promise<void>((resolve) => {
      release = resolve
    })
    render(
      <RealityProvider client={env.client}>
        <Pages
          load={async (page) => {
            if (page === 2) await held
            return fetchers[`k:page:${page}`]!()
          }}
        />
      </RealityProvider>,
    )
    expect(text('page')).toBe('undefined false true') // nothing earlier to keep
    await waitFor(() => expect(text('page')).toBe('first page false false'))
    act(() => setPage(2))
    expect(text('page')).toBe('first page true true')
    release()
    await waitFor(() => expect(text('page')).toBe('second page false false'))
  })
})

describe('suspense', () => {
  it('suspends until the payload is loaded, then renders it (one fetch)', async () => {
    await env.app.publish('susp', 'loaded', 'k:susp')
    const fetcher = countingFetcher('susp')
    render(
      <RealityProvider client={env.client}>
        <Suspense fallback={<p data-testid="fallback">loading</p>}>
          <Suspending rkey="k:susp" fetcher={fetcher} />
        </Suspense>
      </RealityProvider>,
    )
    expect(text('fallback')).toBe('loading')
    await waitFor(() => expect(text('data')).toBe('LOADED'))
    expect(fetcher.calls).toBe(1)
  })

  it('throws a failed first load to the error boundary; after a reset and a sync it loads', async () => {
    const fetcher = countingFetcher('late') // 404 until published
    render(
      <RealityProvider client={env.client}>
        <Boundary>
          <Suspense fallback={<p data-testid="fallback">loading</p>}>
            <Suspending rkey="k:late" fetcher={fetcher} />
          </Suspense>
        </Boundary>
      </RealityProvider>,
    )
    await waitFor(() => expect(text('caught')).toMatch(/HTTP 404/))
    await env.app.publish('late', 'here now', 'k:late')
    act(() => {
      void env.client.syncKeys(['k:late'])
      Boundary.instance?.reset()
    })
    await waitFor(() => expect(text('data')).toBe('HERE NOW'))
  })
})

describe('throwOnError', () => {
  it('throws the error to the boundary instead of returning it', async () => {
    render(
      <RealityProvider client={env.client}>
        <Boundary>
          <Throwing rkey="k:boom" fetcher={countingFetcher('boom')} />
        </Boundary>
      </RealityProvider>,
    )
    expect(text('data')).toBe('undefined')
    await waitFor(() => expect(text('caught')).toMatch(/HTTP 404/))
  })
})

describe('Standard Schema', () => {
  it('validates with an object that has only `~standard` (zod 4 implements it)', async () => {
    await env.app.publish('std', [{ id: 'x' }], 'k:std')
    render(
      <RealityProvider client={env.client}>
        <Validated fetcher={countingFetcher('std')} />
      </RealityProvider>,
    )
    await waitFor(() => expect(text('std')).toMatch(/^payload failed validation: 0\.id: /))
    await env.app.publish('std', [{ id: 7 }, { id: 8 }], 'k:std')
    await act(() => env.client.syncKeys(['k:std']))
    await waitFor(() => expect(text('std')).toBe('7,8'))
  })
})

describe('useOnline', () => {
  it("follows the client's online manager", () => {
    const online = new OnlineManager()
    online.setEventListener(() => undefined)
    const own = createRealityClient({ endpoint: '/reality/sync', managers: { online } })
    render(
      <RealityProvider client={own}>
        <Status />
      </RealityProvider>,
    )
    expect(text('online')).toBe('online')
    act(() => online.set(false))
    expect(text('online')).toBe('offline')
    act(() => online.set(true))
    expect(text('online')).toBe('online')
    own.destroy()
  })
})
