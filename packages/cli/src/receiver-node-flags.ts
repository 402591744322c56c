/**
 * Node flags the receiver is started with (by `start` and the deploy/ units): a young generation of at most 4 MB, so
 * a burst of notifications does not grow the process by a hundred megabytes of garbage. V8 fixes this size when the
 * process starts, so it must be a command-line flag; the settings that can change later are the launcher's
 * (packages/cli/bin/launch.js). What they cost and save is in docs/benchmarks.md ("Memory").
 */
export const RECEIVER_NODE_FLAGS: readonly string[] = ['--max-semi-space-size=4'];
