import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.ts';

describe('loadConfig: TRUST_PROXY', () => {
  it('believes no proxy by default', () => {
    expect(loadConfig({}).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: 'false' }).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: '0' }).trustProxy).toBe(false);
  });

  it('takes true, or addresses and networks', () => {
    expect(loadConfig({ TRUST_PROXY: 'true' }).trustProxy).toBe(true);
    expect(loadConfig({ TRUST_PROXY: '10.0.0.5, 192.168.0.0/16,loopback,::1,fd00::/8' }).trustProxy).toEqual([
      '10.0.0.5',
      '192.168.0.0/16',
      'loopback',
      '::1',
      'fd00::/8',
    ]);
  });

  it.each(['nginx', '10.0.0.300', '10.0.0.0/33', '2', '10.0.0.1,', '-1'])('refuses "%s", naming the variable', (v) => {
    expect(() => loadConfig({ TRUST_PROXY: v })).toThrow(ConfigError);
    expect(() => loadConfig({ TRUST_PROXY: v })).toThrow(/^TRUST_PROXY must be /);
  });
});

describe('loadConfig: whole numbers', () => {
  it.each(['0x10', '1e3', '0b11', '3000.0', 'abc', '-1'])('refuses PORT=%s, naming the variable', (v) => {
    expect(() => loadConfig({ PORT: v })).toThrow(`PORT must be an integer between 0 and 65535, got "${v}"`);
  });

  it('takes decimal numbers', () => {
    expect(loadConfig({ PORT: '3922' }).port).toBe(3922);
    expect(loadConfig({ SWEEP_INTERVAL_SECONDS: '0' }).sweepIntervalMs).toBe(0);
    expect(loadConfig({ UPLOAD_MAX_FILE_MB: '010' }).uploadMaxFileBytes).toBe(10 * 1024 * 1024);
  });
});
