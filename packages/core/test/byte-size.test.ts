import { formatByteSize, loadConfig, parseByteSize } from '@ghl-payments/core';

describe('byte sizes (LOG_MAX_SIZE)', () => {
  it('parses k, m, g with an optional b, any case, and plain bytes', () => {
    expect(parseByteSize('512k')).toBe(512 * 1024);
    expect(parseByteSize('20m')).toBe(20 * 1024 ** 2);
    expect(parseByteSize('20MB')).toBe(20 * 1024 ** 2);
    expect(parseByteSize('1.5g')).toBe(1.5 * 1024 ** 3);
    expect(parseByteSize('4096')).toBe(4096);
    expect(() => parseByteSize('20 minutes')).toThrow(/not a size/);
    expect(() => parseByteSize('-1k')).toThrow(/not a size/);
  });

  it('formats sizes the way they are written', () => {
    expect(formatByteSize(20 * 1024 ** 2)).toBe('20m');
    expect(formatByteSize(1536)).toBe('1.5k');
    expect(formatByteSize(300)).toBe('300b');
  });

  it('LOG_MAX_SIZE and LOG_MAX_FILES: defaults, off, and limits named in the error', () => {
    expect(loadConfig({}).log).toMatchObject({ maxSizeBytes: 20 * 1024 ** 2, maxFiles: 10 });
    expect(loadConfig({ LOG_MAX_SIZE: 'off', LOG_MAX_FILES: '3' }).log).toMatchObject({ maxSizeBytes: null, maxFiles: 3 });
    expect(() => loadConfig({ LOG_MAX_SIZE: '100b' })).toThrow(/LOG_MAX_SIZE.*minimum of 1k/);
    expect(() => loadConfig({ LOG_MAX_SIZE: 'big' })).toThrow(/LOG_MAX_SIZE/);
    expect(() => loadConfig({ LOG_MAX_FILES: '1' })).toThrow(/LOG_MAX_FILES/);
  });
});
