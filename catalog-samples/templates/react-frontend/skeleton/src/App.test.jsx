import { describe, expect, it } from 'vitest';
import { renderToString } from 'react-dom/server';
import App, { DESCRIPTION, SERVICE_NAME, fetchHealth } from './App.jsx';
import { logEntry } from './telemetry.js';

const reply = (status, body) => async () => ({ ok: status < 400, status, json: async () => body });

describe('App', () => {
  it('names the site and starts by checking health', () => {
    const html = renderToString(<App />);
    expect(html).toContain(SERVICE_NAME);
    expect(html).toContain('checking');
    if (DESCRIPTION) expect(html).toContain('class="description"');
  });
});

describe('fetchHealth', () => {
  it('reads the status of a health+json document', async () => {
    expect(await fetchHealth(reply(200, { status: 'pass' }))).toBe('pass');
    expect(await fetchHealth(reply(503, { status: 'fail' }))).toBe('fail');
  });

  it('reports other failures as unreachable', async () => {
    expect(await fetchHealth(reply(502, {}))).toBe('unreachable');
  });
});

describe('logEntry', () => {
  it('has the fields of the server logs', () => {
    const entry = logEntry('error', 'boom', { line: 3 });
    expect(entry).toMatchObject({ level: 'error', service: SERVICE_NAME, msg: 'boom', line: 3 });
    expect(new Date(entry.time).toISOString()).toBe(entry.time);
  });
});
