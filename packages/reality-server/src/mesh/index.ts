export { MESH_PATH, type MeshReply, type MeshRequest, type PeerIdentity } from './exchange'
export { Mesh, type MeshHost, type MeshMode, type MeshOptions } from './mesh'
