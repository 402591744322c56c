import { configure } from 'safe-stable-stringify';
import winston from 'winston';
import { redactText, redactValue } from './redact';

/** winston's key for the formatted line (triple-beam's MESSAGE). */
export const MESSAGE = Symbol.for('message');

/** Never written as `key=value` on the console: they are the line's own columns. */
const CONSOLE_COLUMNS = new Set(['timestamp', 'level', 'message', 'process', 'service']);

/** For what JSON.stringify refuses: a cycle becomes "[Circular]", a BigInt a number (as winston's json format wrote them). */
const stringifySafely = configure({ deterministic: false });

/** JSON text of a log value; JSON.stringify first (fast), a cycle-safe fallback when it throws. */
export function stringifyLogValue(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return stringifySafely(value) ?? String(value);
  }
}

/** Scrubs known secrets, bearer tokens and URL passwords from the message and from each field (not `level`). */
export const redactFormat = winston.format((info, opts: unknown) => {
  const secrets = (opts as { secrets: readonly string[] }).secrets;
  const fields = info as Record<string, unknown>;
  for (const key of Object.keys(fields)) {
    if (key === 'level') continue;
    fields[key] = key === 'message' && typeof fields[key] === 'string' ? redactText(fields[key], secrets) : redactValue(fields[key], secrets);
  }
  return info;
});

const pad2 = (n: number): string => (n < 10 ? `0${n}` : String(n));

/** Local HH:mm:ss for the console (what winston's `format: 'HH:mm:ss'` gives, without a date library call per line). */
export function formatClockTime(date: Date = new Date()): string {
  return `${pad2(date.getHours())}:${pad2(date.getMinutes())}:${pad2(date.getSeconds())}`;
}

/** `12:00:01 info  [worker] message key=value …`: the console's readable line. */
export function formatConsoleLine(info: Record<string, unknown>, now: Date = new Date()): string {
  let line = `${formatClockTime(now)} ${String(info.level).padEnd(5)} ${info.process ? `[${String(info.process)}] ` : ''}${String(info.message)}`;
  for (const key in info) {
    if (CONSOLE_COLUMNS.has(key)) continue;
    const value = info[key];
    line += ` ${key}=${typeof value === 'object' && value !== null ? stringifyLogValue(value) : String(value)}`;
  }
  return line;
}

/** The console's format: readable lines with a local clock time. */
export const consoleLineFormat = winston.format((info) => {
  (info as Record<string | symbol, unknown>)[MESSAGE] = formatConsoleLine(info);
  return info;
});

/** The log file's format: one JSON object per line, with an ISO timestamp. */
export const jsonLineFormat = winston.format((info) => {
  info.timestamp = new Date().toISOString();
  (info as Record<string | symbol, unknown>)[MESSAGE] = stringifyLogValue(info);
  return info;
});
