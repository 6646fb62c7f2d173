'use strict';

const http = require('node:http');
const { createApp } = require('./app');
const { createLogger } = require('./logger');
const { Registry, registerProcessMetrics } = require('./metrics');
const pkg = require('../package.json');

const port = Number(process.env.PORT || ${{ values.port }});
const logger = createLogger({ service: pkg.name });
const registry = registerProcessMetrics(new Registry());

const server = http.createServer(createApp({ name: pkg.name, version: pkg.version, logger, registry }));
// Longer than the load balancer's idle timeout, so it closes idle connections first.
server.keepAliveTimeout = 65_000;
server.headersTimeout = 66_000;

server.listen(port, () => logger.info('listening', { port, version: pkg.version, node: process.version }));

let stopping = false;
function shutdown(signal, exitCode = 0) {
  if (stopping) return;
  stopping = true;
  logger.info('shutting down', { signal });
  server.close((err) => {
    if (err) logger.error('close failed', { err });
    else logger.info('stopped');
    process.exit(err ? 1 : exitCode);
  });
  server.closeIdleConnections();
  setTimeout(() => {
    logger.warn('connections still open after 10s; exiting');
    process.exit(1);
  }, 10_000).unref();
}

process.on('SIGTERM', () => shutdown('SIGTERM'));
process.on('SIGINT', () => shutdown('SIGINT'));
process.on('unhandledRejection', (reason) => {
  logger.error('unhandled promise rejection', { err: reason });
  shutdown('unhandledRejection', 1);
});
process.on('uncaughtException', (err) => {
  logger.error('uncaught exception', { err });
  process.exit(1);
});
