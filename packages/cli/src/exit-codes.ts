/** Exit codes shared by every command: 0 ok, 1 runtime error, 2 bad usage or configuration. */
export const EXIT_OK = 0;
export const EXIT_ERROR = 1;
export const EXIT_USAGE = 2;
/** A second Ctrl-C: leave at once. */
export const EXIT_INTERRUPTED = 130;
