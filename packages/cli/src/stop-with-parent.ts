/** Whether this process was started by a supervisor (`start`, the demo): they open an IPC channel to each child. */
const startedBySupervisor = process.channel !== undefined;

/**
 * In a process started by `ghl-payments start` or the demo, a launcher that dies without stopping its children
 * (SIGKILL, a crash) must not leave this process running with parent 1, holding the port: when the IPC channel
 * breaks, this process says so once and sends itself SIGTERM, its usual graceful stop. The channel is unreferenced
 * so it never keeps the process alive by itself. Does nothing without a channel.
 */
export function stopWithParent(write: (line: string) => void = (l) => { process.stderr.write(l); }): void {
  if (!process.channel) return;
  process.once('disconnect', () => {
    write(`the launcher of process ${process.pid} is gone: stopping it gracefully\n`);
    process.kill(process.pid, 'SIGTERM');
  });
  process.channel.unref();
}

/**
 * True when this process runs under a supervisor (start, the demo), which tells the operator about signals itself
 * (and whose Ctrl-C never reaches this process): its own signal messages would only repeat it.
 */
export function isSupervised(): boolean {
  return startedBySupervisor;
}
