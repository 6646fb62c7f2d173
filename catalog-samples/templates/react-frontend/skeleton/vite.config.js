import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// In the image nginx answers /healthz; `npm run dev` and `npm run preview` answer it too, so the
// page's status line works locally.
function localHealth() {
  const answer = (_req, res) => {
    res.setHeader('Content-Type', 'application/health+json');
    res.setHeader('Cache-Control', 'no-store');
    res.end(JSON.stringify({ status: 'pass', serviceId: '${{ values.name }}', description: 'vite server' }));
  };
  return {
    name: 'local-healthz',
    configureServer: (server) => void server.middlewares.use('/healthz', answer),
    configurePreviewServer: (server) => void server.middlewares.use('/healthz', answer),
  };
}

export default defineConfig({
  plugins: [react(), localHealth()],
  build: {
    outDir: 'dist',
    sourcemap: true,
  },
  test: {
    environment: 'node',
  },
});
