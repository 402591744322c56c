import { formatConsoleLine, stringifyLogValue } from '@ghl-payments/core';

describe('log line formats', () => {
  it('the console line has its columns, then every other field as key=value', () => {
    const at = new Date(2026, 10, 30, 9, 5, 7);
    const line = formatConsoleLine({ level: 'info', message: 'attempt done', process: 'worker', service: 'x', eventId: 7, detail: { a: 1 }, gone: null }, at);
    expect(line).toBe('09:05:07 info  [worker] attempt done eventId=7 detail={"a":1} gone=null');
  });

  it('stringifies what JSON.stringify refuses (a cycle, a BigInt) instead of throwing', () => {
    const cyclic: Record<string, unknown> = { a: 1 };
    cyclic.self = cyclic;
    expect(stringifyLogValue(cyclic)).toBe('{"a":1,"self":"[Circular]"}');
    expect(stringifyLogValue({ big: 10n })).toBe('{"big":10}');
    expect(stringifyLogValue(undefined)).toBe('undefined');
  });
});
