import type { ChildProcess } from 'node:child_process';

/** The last lines a child process printed, kept to explain a crash; optionally passed on as they come. */
export interface ChildOutput {
  /** The kept lines, oldest first, prefixed with the child's name. */
  tail(): string[];
}

/** Reads a piped child's stdout and stderr line by line, keeping the last `keep` lines. */
export function captureChildOutput(child: ChildProcess, name: string, onLine?: (line: string) => void, keep = 40): ChildOutput {
  const lines: string[] = [];
  const read = (stream: NodeJS.ReadableStream | null) => {
    let partial = '';
    stream?.setEncoding('utf8');
    stream?.on('data', (chunk: string) => {
      const parts = (partial + chunk).split('\n');
      partial = parts.pop() ?? '';
      for (const part of parts) {
        const line = `[${name}] ${part.trimEnd()}`;
        lines.push(line);
        if (lines.length > keep) lines.shift();
        onLine?.(line);
      }
    });
  };
  read(child.stdout);
  read(child.stderr);
  return { tail: () => [...lines] };
}
