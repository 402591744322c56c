import { ConfigError, loadConfig } from '../src';
import { findPlaceholderReason } from '../src/placeholder-values';

describe('placeholder credentials are refused when the configuration is read', () => {
  const load = (env: Record<string, string>) => () => loadConfig({ DATABASE_URL: ':memory:', ...env });

  it.each([
    ['MP_ACCESS_TOKEN', 'APP_USR-123…', /MP_ACCESS_TOKEN is a placeholder, not a real value: it is still the example value from \.env\.example \("APP_USR-123…"\); set it to the Access Token from MercadoPago/],
    ['MP_WEBHOOK_SECRET', 'your_secret_key_here', /MP_WEBHOOK_SECRET is a placeholder.*example value.*secret signature from MercadoPago/],
    ['GHL_API_TOKEN', 'pit-…', /GHL_API_TOKEN is a placeholder.*Private Integration/],
    ['GHL_LOCATION_ID', 've9EPM428h8vShlRW1KT', /GHL_LOCATION_ID is a placeholder.*example value/],
    ['GHL_API_TOKEN', 'pit-1234...', /GHL_API_TOKEN is a placeholder, not a real value: it contains "…", the "fill in the rest" mark of .env.example/],
    ['MP_WEBHOOK_SECRET', 'your_webhook_secret_here', /your_…_here/],
    ['GHL_API_TOKEN', '<your token>', /angle brackets/],
    ['MP_ACCESS_TOKEN', 'changeme', /placeholder word/],
  ])('%s=%s', (name, value, message) => {
    expect(load({ [name]: value })).toThrow(ConfigError);
    expect(load({ [name]: value })).toThrow(message);
  });

  it('names a character no HTTP header can carry without showing the value', () => {
    const pasted = 'APP_USR-5521-abcdef\u00a0123';
    expect(load({ MP_ACCESS_TOKEN: pasted })).toThrow(/MP_ACCESS_TOKEN is a placeholder, not a real value: character 20 cannot be sent in an HTTP header/);
    try {
      load({ MP_ACCESS_TOKEN: pasted })();
    } catch (err) {
      expect((err as Error).message).not.toContain('abcdef');
    }
  });

  it('accepts real-looking values, a TEST- credential and unset variables', () => {
    expect(load({ MP_ACCESS_TOKEN: 'TEST-4522-120611-abc', MP_WEBHOOK_SECRET: 'a1b2c3d4e5f6', GHL_API_TOKEN: 'pit-8f1c2d3e-aaaa', GHL_LOCATION_ID: 'Ab12Cd34Ef56Gh78Ij90' })).not.toThrow();
    expect(load({})).not.toThrow();
    expect(findPlaceholderReason('MP_WEBHOOK_SECRET', 'secret-one, secret-two')).toBeUndefined();
    expect(findPlaceholderReason('MP_WEBHOOK_SECRET', 'secret-one, your_secret_key_here')).toBe('it is a "your_…_here" placeholder');
  });
});
