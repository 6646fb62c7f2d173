'use strict';

const { after, before, describe, it } = require('node:test');
const assert = require('node:assert/strict');
const http = require('node:http');
const { createApp } = require('../src/app');
const { createLogger } = require('../src/logger');
const { Registry } = require('../src/metrics');

describe('HTTP API', () => {
  const lines = [];
  let server;
  let base;

  before(async () => {
    const logger = createLogger({ service: 'test', level: 'debug', stream: { write: (line) => lines.push(JSON.parse(line)) } });
    server = http.createServer(createApp({ name: 'test-api', version: '1.2.3', logger, registry: new Registry() }));
    await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${server.address().port}`;
  });

  after(() => new Promise((resolve) => server.close(resolve)));

  it('answers /healthz with IETF health+json', async () => {
    const response = await fetch(`${base}/healthz`);
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('content-type'), 'application/health+json');
    assert.equal(response.headers.get('cache-control'), 'no-store');
    const body = await response.json();
    assert.equal(body.status, 'pass');
    assert.equal(body.serviceId, 'test-api');
    assert.equal(body.releaseId, '1.2.3');
    assert.equal(body.checks.uptime[0].status, 'pass');
  });

  it('counts requests in Prometheus text at /metrics', async () => {
    await fetch(`${base}/api/v1/info`);
    const response = await fetch(`${base}/metrics`);
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type'), /^text\/plain; version=0\.0\.4/);
    const text = await response.text();
    assert.match(text, /^# TYPE http_requests_total counter$/m);
    assert.match(text, /^http_requests_total\{method="GET",route="\/api\/v1\/info",status="200"\} 1$/m);
    assert.match(text, /^http_request_duration_seconds_bucket\{method="GET",route="\/api\/v1\/info",le="\+Inf"\} 1$/m);
  });

  it('serves /api/v1/info', async () => {
    const response = await fetch(`${base}/api/v1/info`);
    assert.deepEqual(await response.json(), { name: 'test-api', version: '1.2.3' });
  });

  it('answers unknown paths with a 404 problem', async () => {
    const response = await fetch(`${base}/nope`);
    assert.equal(response.status, 404);
    assert.equal(response.headers.get('content-type'), 'application/problem+json');
    assert.equal((await response.json()).title, 'Not Found');
  });

  it('refuses other methods with 405 and Allow', async () => {
    const response = await fetch(`${base}/healthz`, { method: 'POST' });
    assert.equal(response.status, 405);
    assert.equal(response.headers.get('allow'), 'GET, HEAD');
  });

  it('keeps a well-formed X-Request-Id and logs the request as JSON', async () => {
    const response = await fetch(`${base}/api/v1/info`, { headers: { 'X-Request-Id': 'abc-123' } });
    assert.equal(response.headers.get('x-request-id'), 'abc-123');
    await new Promise((resolve) => setImmediate(resolve));
    const entry = lines.find((line) => line.requestId === 'abc-123');
    assert.ok(entry, 'a log line carries the request id');
    assert.equal(entry.level, 'info');
    assert.equal(entry.msg, 'request');
    assert.equal(entry.status, 200);
    assert.equal(entry.service, 'test');
  });

  it('replaces a malformed X-Request-Id', async () => {
    const response = await fetch(`${base}/api/v1/info`, { headers: { 'X-Request-Id': 'bad id with spaces' } });
    assert.match(response.headers.get('x-request-id'), /^[0-9a-f-]{36}$/);
  });
});

describe('health checks', () => {
  it('fails with 503 when a check fails', async () => {
    const logger = createLogger({ service: 'test', stream: { write() {} } });
    const checks = { 'database:connection': () => ({ status: 'fail', output: 'connection refused' }) };
    const server = http.createServer(createApp({ name: 'x', version: '1.0.0', logger, registry: new Registry(), checks }));
    await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const response = await fetch(`http://127.0.0.1:${server.address().port}/healthz`);
      assert.equal(response.status, 503);
      const body = await response.json();
      assert.equal(body.status, 'fail');
      assert.equal(body.checks['database:connection'][0].output, 'connection refused');
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
