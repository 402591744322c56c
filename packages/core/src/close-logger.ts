import { Logger, logFileStreamOf } from './logger';

/** How long closeLogger waits, at most, for the transports to write out what they were given. */
export const CLOSE_LOGGER_TIMEOUT_MS = 2000;
/** How often closeLogger looks whether the logger has handed every line to its transports. */
const HANDED_OVER_POLL_MS = 5;

const closing = new WeakMap<Logger, Promise<void>>();

/**
 * Ends `logger` and resolves once every line it was given is in webhook.log (the file is written asynchronously: a
 * process that calls process.exit without awaiting this loses its last lines), or after `timeoutMs` at the latest, so
 * a stalled disk cannot keep a stopping process alive. Lines logged afterwards are dropped. Calling it again for the
 * same logger returns the same promise.
 */
export function closeLogger(logger: Logger, timeoutMs = CLOSE_LOGGER_TIMEOUT_MS): Promise<void> {
  let done = closing.get(logger);
  if (done === undefined) {
    const deadline = Date.now() + timeoutMs;
    done = endWhenHandedOver(logger, deadline).then(() => closeLogFile(logger, deadline));
    closing.set(logger, done);
  }
  return done;
}

/**
 * winston's Stream transport finishes once it has handed its lines to the file stream, which writes them (and
 * finishes a rotation under way) afterwards: the file stream is ended then, and waited for until the deadline.
 */
function closeLogFile(logger: Logger, deadline: number): Promise<void> {
  const file = logFileStreamOf(logger);
  if (!file || file.writableFinished || file.destroyed) return Promise.resolve();
  return new Promise<void>((resolve) => {
    const timer = setTimeout(done, Math.max(0, deadline - Date.now()));
    function done(): void {
      clearTimeout(timer);
      file!.off('finish', done).off('close', done).off('error', done);
      resolve();
    }
    file.once('finish', done).once('close', done).once('error', done);
    file.end();
  });
}

/**
 * winston's logger ends its transports as soon as its last line is formatted, even when lines still wait in its own
 * buffers for a transport that is not ready yet (a file still opening): those would be lost. So the logger is ended
 * only once it has handed every line to its transports; its 'finish' then comes after each transport's own.
 */
function endWhenHandedOver(logger: Logger, deadline: number): Promise<void> {
  return new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, Math.max(0, deadline - Date.now()));
    logger.once('finish', () => {
      clearTimeout(timer);
      resolve();
    });
    const endOnceHandedOver = (): void => {
      const waiting = logger.writableLength > 0 || logger.readableLength > 0;
      if (waiting && Date.now() < deadline) setTimeout(endOnceHandedOver, HANDED_OVER_POLL_MS);
      else logger.end();
    };
    endOnceHandedOver();
  });
}
