import { useEffect, useState } from 'react';

export const SERVICE_NAME = '${{ values.name }}';
export const DESCRIPTION = ${{ values.description | default('') | dump }};

// Reads the health document nginx serves beside the app (application/health+json).
export async function fetchHealth(fetcher = fetch, signal = undefined) {
  const response = await fetcher('/healthz', { signal, headers: { Accept: 'application/health+json' } });
  if (!response.ok && response.status !== 503) return 'unreachable';
  const body = await response.json();
  return typeof body.status === 'string' ? body.status : 'unknown';
}

export default function App() {
  const [health, setHealth] = useState('checking');

  useEffect(() => {
    const controller = new AbortController();
    fetchHealth(fetch, controller.signal)
      .then(setHealth)
      .catch((error) => {
        if (error.name !== 'AbortError') setHealth('unreachable');
      });
    return () => controller.abort();
  }, []);

  return (
    <main className="app">
      <h1>{SERVICE_NAME}</h1>
      {DESCRIPTION && <p className="description">{DESCRIPTION}</p>}
      <p className="health">
        Health: <strong data-status={health}>{health}</strong>
      </p>
    </main>
  );
}
