import type { Logger } from './http/error-handler.ts';

/**
 * A JSON-lines logger on stdout/stderr. Callers pass only operational fields (ids, codes, counts): never credential
 * bodies, subject data or keys.
 * @param service - name stamped on every line.
 * @returns the logger.
 */
export function createConsoleLogger(service: string): Logger {
  const line = (level: string, message: string, fields?: Record<string, unknown>) =>
    JSON.stringify({ time: new Date().toISOString(), level, service, message, ...fields });
  return {
    info: (message, fields) => console.log(line('info', message, fields)),
    error: (message, fields) => console.error(line('error', message, fields)),
  };
}
