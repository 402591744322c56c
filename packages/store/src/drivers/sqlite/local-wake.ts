import dgram from 'node:dgram';
import fs from 'node:fs';
import path from 'node:path';
import { isProcessAlive } from '@ghl-payments/core';
import type { EventListener, ListenHandlers } from '../../store';

/**
 * Wakes the workers of a SQLite database at once when an event is stored, instead of at their next poll: the receiver
 * and the workers are processes on one machine. Each listening worker binds a UDP socket on 127.0.0.1 and writes its
 * port in a folder next to the database (`<file>.wake/<pid>.port`); storing an event sends one empty datagram to every
 * port found there. Every worker is woken, not one: each then claims what is due, and a worker that finds nothing has
 * spent one claim statement (SQLite has one writer, so picking "the" worker would need a lock of its own). A lost
 * datagram (or a folder that cannot be written) only costs latency: polling stays the fallback, and nothing here is
 * needed for correctness. Costs nothing while idle: no timer, no query.
 */

/** How long the list of listening ports is reused before the folder is read again. */
const PORTS_REFRESH_MS = 1000;

/** The folder where the workers of this database announce their wake port. */
export function wakeFolderOf(filename: string): string {
  return `${filename}.wake`;
}

/** Listens for wake datagrams; the port file goes away with close(), and files of dead processes are removed on start. */
export function listenForLocalWake(filename: string, handlers: ListenHandlers): EventListener {
  const folder = wakeFolderOf(filename);
  const socket = dgram.createSocket('udp4');
  let portFile: string | null = null;
  socket.on('message', () => handlers.onNotify());
  socket.on('error', (err) => handlers.onError(err));
  socket.bind(0, '127.0.0.1', () => {
    try {
      fs.mkdirSync(folder, { recursive: true });
      for (const name of fs.readdirSync(folder)) {
        const pid = Number(name.split('.')[0]);
        if (Number.isInteger(pid) && pid !== process.pid && !isProcessAlive(pid)) fs.rmSync(path.join(folder, name), { force: true });
      }
      portFile = path.join(folder, `${process.pid}.${socket.address().port}.port`);
      fs.writeFileSync(portFile, '');
      handlers.onNotify(); // announced: anything stored before now is claimed by the first round anyway
    } catch (err) {
      handlers.onError(err as Error);
    }
  });
  socket.unref();
  return {
    async close() {
      if (portFile) fs.rmSync(portFile, { force: true });
      await new Promise<void>((resolve) => { socket.close(() => resolve()); });
    },
  };
}

/** Sends the wake datagrams of one database; `wake()` never throws and never waits. */
export interface LocalWaker {
  wake(): void;
  close(): void;
}

export function createLocalWaker(filename: string): LocalWaker {
  const folder = wakeFolderOf(filename);
  let socket: dgram.Socket | null = null;
  let ports: number[] = [];
  let readAt = -Infinity;
  const listPorts = (): number[] => {
    const now = Date.now();
    if (now - readAt < PORTS_REFRESH_MS) return ports;
    readAt = now;
    try {
      ports = fs.readdirSync(folder).map((name) => Number(name.split('.')[1])).filter((port) => Number.isInteger(port) && port > 0);
    } catch {
      ports = []; // no worker listens yet
    }
    return ports;
  };
  return {
    wake() {
      const targets = listPorts();
      if (targets.length === 0) return;
      if (!socket) {
        socket = dgram.createSocket('udp4');
        socket.on('error', () => undefined); // best effort: polling is the fallback
        socket.unref();
      }
      for (const port of targets) socket.send(Buffer.alloc(0), port, '127.0.0.1', () => undefined);
    },
    close() {
      socket?.close();
      socket = null;
    },
  };
}
