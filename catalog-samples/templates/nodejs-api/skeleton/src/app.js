'use strict';

const fs = require('node:fs');
const path = require('node:path');
const { randomUUID } = require('node:crypto');
const { CONTENT_TYPE } = require('./metrics');

const OPENAPI_FILE = path.join(__dirname, '..', 'openapi.yaml');
const QUIET_ROUTES = new Set(['/healthz', '/metrics']);

function send(res, status, contentType, body, headers = {}) {
  const payload = typeof body === 'string' || Buffer.isBuffer(body) ? body : JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': contentType, 'Content-Length': Buffer.byteLength(payload), ...headers });
  res.end(payload);
}

// RFC 9457 problem details.
function problem(res, status, title, detail, headers) {
  send(res, status, 'application/problem+json', { type: 'about:blank', title, status, detail }, headers);
}

function requestIdFrom(header) {
  return typeof header === 'string' && /^[A-Za-z0-9._-]{1,128}$/.test(header) ? header : randomUUID();
}

/**
 * The request handler: GET /healthz (IETF health+json), GET /metrics (Prometheus text),
 * GET /api/v1/info and, when the repository has one, GET /openapi.yaml.
 */
function createApp({ name, version, logger, registry, startedAt = Date.now(), checks = {} }) {
  const requests = registry.counter('http_requests_total', 'HTTP requests handled, by method, route and status code.', ['method', 'route', 'status']);
  const duration = registry.histogram('http_request_duration_seconds', 'Time to answer an HTTP request, in seconds.', ['method', 'route']);
  const openapi = fs.existsSync(OPENAPI_FILE) ? fs.readFileSync(OPENAPI_FILE) : null;

  // IETF draft-inadarei-api-health-check: pass, warn or fail, with one entry per check.
  // `checks` maps a check name to a function returning { status, observedValue?, output? }.
  function health(_req, res) {
    const time = new Date().toISOString();
    const results = {
      'uptime': [{ componentType: 'system', observedValue: Math.round((Date.now() - startedAt) / 1000), observedUnit: 's', status: 'pass', time }],
    };
    for (const [check, run] of Object.entries(checks)) {
      let outcome;
      try {
        outcome = run();
      } catch (err) {
        outcome = { status: 'fail', output: err.message };
      }
      results[check] = [{ time, ...outcome }];
    }
    const statuses = Object.values(results).flat().map((r) => r.status);
    const status = statuses.includes('fail') ? 'fail' : statuses.includes('warn') ? 'warn' : 'pass';
    const body = { status, version: version.split('.')[0], releaseId: version, serviceId: name, checks: results };
    send(res, status === 'fail' ? 503 : 200, 'application/health+json', body, { 'Cache-Control': 'no-store' });
  }

  const routes = new Map([
    ['/healthz', { GET: health }],
    ['/metrics', { GET: (_req, res) => send(res, 200, CONTENT_TYPE, registry.render(), { 'Cache-Control': 'no-store' }) }],
    ['/api/v1/info', { GET: (_req, res) => send(res, 200, 'application/json', { name, version }) }],
  ]);
  if (openapi) routes.set('/openapi.yaml', { GET: (_req, res) => send(res, 200, 'application/yaml', openapi) });

  return function handle(req, res) {
    const started = process.hrtime.bigint();
    const requestId = requestIdFrom(req.headers['x-request-id']);
    res.setHeader('X-Request-Id', requestId);

    let pathname;
    try {
      pathname = new URL(req.url, 'http://localhost').pathname;
    } catch {
      pathname = '';
    }
    const route = routes.get(pathname);
    const routeLabel = route ? pathname : 'unmatched';

    res.on('finish', () => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      requests.inc({ method: req.method, route: routeLabel, status: res.statusCode });
      duration.observe({ method: req.method, route: routeLabel }, seconds);
      const fields = { requestId, method: req.method, path: pathname, route: routeLabel, status: res.statusCode, durationMs: Math.round(seconds * 1e6) / 1e3 };
      if (res.statusCode >= 500) logger.error('request', fields);
      else if (QUIET_ROUTES.has(pathname)) logger.debug('request', fields);
      else logger.info('request', fields);
    });

    if (!route) return problem(res, 404, 'Not Found', `No resource at ${pathname || req.url}`);
    const handler = route[req.method] ?? (req.method === 'HEAD' ? route.GET : undefined);
    if (!handler) {
      const allow = Object.keys(route).includes('GET') ? [...Object.keys(route), 'HEAD'] : Object.keys(route);
      return problem(res, 405, 'Method Not Allowed', `${req.method} is not allowed on ${pathname}`, { Allow: allow.join(', ') });
    }
    try {
      return handler(req, res);
    } catch (err) {
      logger.error('handler failed', { requestId, err });
      if (!res.headersSent) return problem(res, 500, 'Internal Server Error', 'The request failed; see the logs for the request id.');
      return res.destroy(err);
    }
  };
}

module.exports = { createApp };
