'use strict';

// One JSON object per line on stdout: time, level, service, msg and any fields given.
// LOG_LEVEL picks the lowest level written (debug, info, warn, error; default info).

const LEVELS = { debug: 10, info: 20, warn: 30, error: 40 };

function serialise(_key, value) {
  if (value instanceof Error) {
    return { name: value.name, message: value.message, stack: value.stack };
  }
  if (typeof value === 'bigint') return value.toString();
  return value;
}

function createLogger({ service, level = process.env.LOG_LEVEL || 'info', stream = process.stdout, base = {} } = {}) {
  const threshold = LEVELS[level] ?? LEVELS.info;

  function write(name, msg, fields) {
    if (LEVELS[name] < threshold) return;
    const entry = { time: new Date().toISOString(), level: name, service, msg, ...base, ...fields };
    stream.write(JSON.stringify(entry, serialise) + '\n');
  }

  return {
    debug: (msg, fields) => write('debug', msg, fields),
    info: (msg, fields) => write('info', msg, fields),
    warn: (msg, fields) => write('warn', msg, fields),
    error: (msg, fields) => write('error', msg, fields),
    child: (fields) => createLogger({ service, level, stream, base: { ...base, ...fields } }),
  };
}

module.exports = { createLogger, LEVELS };
