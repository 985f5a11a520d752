import { describe, expect, it } from 'vitest'
import { ROUTES } from './constants'
import { describeIssues } from './issues'
import { MeshReplySchema, MeshRequestSchema } from './mesh'

const from = { serverId: 'server-1', incarnation: 'abc' }
const mesh = { peers: [], serverVersion: 0 }

describe('mesh exchange schemas', () => {
  it('accept the least a request holds, and default its nodes to none', () => {
    expect(MeshRequestSchema.parse({ from, mesh })).toEqual({ from, mesh, nodes: [] })
  })

  it('name every field a request gets wrong', () => {
    const result = MeshRequestSchema.safeParse({
      from: { serverId: '', incarnation: 'x', url: 'ftp://peer' },
      mesh,
      nodes: [{ key: 'k', version: -1, hash: 'h', updatedAt: 0 }],
      pull: { after: 0, limit: 0 },
    })
    expect(result.success).toBe(false)
    expect(describeIssues(result.error?.issues ?? []).map((issue) => issue.path)).toEqual([
      'from.serverId',
      'from.url',
      'nodes.0.version',
      'pull.limit',
    ])
  })

  it('read a reply without nodes or more as an empty last page', () => {
    expect(MeshReplySchema.parse({ from, mesh })).toEqual({ from, mesh, nodes: [], more: false })
    expect(MeshReplySchema.safeParse({ error: 'not_found', message: 'no' }).success).toBe(false)
  })

  it('list the mesh route among the routes every server serves', () => {
    expect(ROUTES.map((route) => route.path)).toContain('/mesh')
  })
})
