import { ChildProcess, spawn } from 'node:child_process';
import { binPath } from './bin-path';
import { RECEIVER_NODE_FLAGS } from './receiver-node-flags';

/**
 * Starts one of the product's commands as a supervised child: in its own process group (a terminal's Ctrl-C reaches
 * only the supervisor, which stops the children once, gracefully) and with an IPC channel, through which the child
 * notices a supervisor that died without stopping it (stop-with-parent.ts). `output`: `inherit` shares the
 * supervisor's terminal, `pipe` lets the supervisor read it (the demo).
 */
export function spawnService(
  bin: 'ghl-payments' | 'process-webhooks',
  args: string[],
  o: { output: 'inherit' | 'pipe'; env?: NodeJS.ProcessEnv },
): ChildProcess {
  const nodeFlags = bin === 'ghl-payments' && args[0] === 'runserver' ? RECEIVER_NODE_FLAGS : [];
  return spawn(process.execPath, [...nodeFlags, binPath(bin), ...args], {
    env: o.env,
    detached: true,
    windowsHide: true,
    stdio: o.output === 'inherit' ? ['ignore', 'inherit', 'inherit', 'ipc'] : ['ignore', 'pipe', 'pipe', 'ipc'],
  });
}
