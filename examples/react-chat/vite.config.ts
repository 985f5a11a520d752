import react from '@vitejs/plugin-react'
import { defineConfig } from 'vite'

// `npm run dev -w @reality-examples/react-chat` proxies the API and sync endpoint to `npm run serve` on :3000.
export default defineConfig({
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true },
  server: {
    proxy: { '/api': 'http://127.0.0.1:3000', '/reality': 'http://127.0.0.1:3000' },
  },
})
