/**
 * The logger the services inject. Callers pass operational fields only (ids, codes, counts): never credential or
 * presentation bodies, claims, subject data or keys — they carry health data.
 */
export interface Logger {
  /** Routine events. */
  info(message: string, fields?: Record<string, unknown>): void;
  /** Failures (with their stable code, never a body). */
  error(message: string, fields?: Record<string, unknown>): void;
}

/**
 * A JSON-lines logger on stdout (info) and stderr (error).
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
