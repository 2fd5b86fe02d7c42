import createDebug from 'debug';

/**
 * The harness's debug channel: what it swallows on purpose (a page that went away, a process already gone) is
 * noted here, so `DEBUG=gamegym:*` shows it without it ever reaching a trace or stderr.
 */
export const debug = createDebug('gamegym:harness');

/** A rejection handler that notes the error on the debug channel and answers `fallback` instead. */
export function noted<T>(what: string, fallback: T): (error: unknown) => T {
  return (error) => {
    debug('%s failed: %O', what, error);
    return fallback;
  };
}
