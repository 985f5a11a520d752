import react from '@vitejs/plugin-react'
import { defineConfig } from 'vite'

// `npm run dev -w @reality-examples/websocket-chat` proxies the socket to `npm run serve` on :3001.
export default defineConfig({
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true },
  server: { proxy: { '/ws': { target: 'ws://127.0.0.1:3001', ws: true } } },
})
