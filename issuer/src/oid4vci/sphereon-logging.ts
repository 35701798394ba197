import { EVENTS } from '@sphereon/oid4vci-common';

interface EventEmitterLike {
  emit(eventName: string | symbol, ...args: unknown[]): unknown;
}

interface EventManagerLike {
  emit(eventName: string | symbol, event: unknown, ...args: unknown[]): void;
  emitters(filter: { eventName: string | symbol }): EventEmitterLike[];
}

let silenced = false;

/**
 * Stops the Sphereon OID4VCI libraries from writing to the console. Their event manager logs every event it emits
 * (`Emitting 'OID4VCI_CREDENTIAL_ISSUED' event` followed by the event, whose data is the credential: health data
 * that must never reach a log) through a console logger it re-creates on each call, so no logger option can turn
 * it off. This replaces `emit` on the shared instance with the same dispatch minus the logging; events still reach
 * registered listeners. Their other loggers write to the console only when configured to. Idempotent.
 */
export function silenceSphereonLogging(): void {
  if (silenced) return;
  silenced = true;
  const manager = EVENTS as unknown as EventManagerLike;
  manager.emit = function emitWithoutConsole(this: EventManagerLike, eventName, event, ...args) {
    if (typeof event === 'object' && event !== null && 'id' in event && 'system' in event) {
      const named = event as { eventName?: unknown };
      if (!named.eventName) named.eventName = eventName;
    }
    for (const emitter of this.emitters({ eventName })) emitter.emit(eventName, event, args);
  };
}
