/**
 * Minimal logger the verifier injects. Callers pass operational fields only (ids, codes, counts): never credential
 * or presentation bodies, claims or keys.
 */
export interface Logger {
  info(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

/**
 * A JSON-lines logger on stdout/stderr.
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

/** A logger that drops everything (tests). */
export const silentLogger: Logger = { info: () => undefined, error: () => undefined };
