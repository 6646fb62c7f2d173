// Browser errors as structured JSON on the console, in the same shape as the server logs
// (time, level, service, msg). Send them to your collector by replacing `emit`.
const SERVICE = '${{ values.name }}';

export function logEntry(level, msg, fields = {}) {
  return { time: new Date().toISOString(), level, service: SERVICE, msg, ...fields };
}

function emit(entry) {
  console.error(JSON.stringify(entry));
}

export function reportErrors(target = window) {
  target.addEventListener('error', (event) => {
    emit(logEntry('error', 'uncaught error', { error: event.message, source: event.filename, line: event.lineno }));
  });
  target.addEventListener('unhandledrejection', (event) => {
    emit(logEntry('error', 'unhandled rejection', { error: String(event.reason) }));
  });
}
