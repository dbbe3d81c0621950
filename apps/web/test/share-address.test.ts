import { describe, expect, it } from 'vitest';
import { isLoopbackHost, linkOrigins } from '../src/share-address';

describe('the address share links start with', () => {
  it('knows the hosts that reach only this machine', () => {
    for (const host of ['localhost', 'app.localhost', '127.0.0.1', '127.1.2.3', '[::1]', '::1']) expect(isLoopbackHost(host)).toBe(true);
    for (const host of ['192.168.1.20', '[2001:db8::5]', 'maps.college.example', '10.0.0.127']) expect(isLoopbackHost(host)).toBe(false);
  });

  it('uses PUBLIC_URL alone when the server has one', () => {
    expect(linkOrigins('http://127.0.0.1:8080', { publicUrl: 'https://maps.college.example', lanUrls: [] })).toEqual({
      choices: ['https://maps.college.example'],
      preferred: 'https://maps.college.example',
    });
  });

  it('prefers a LAN address to a loopback one, and keeps the page’s own address as a choice', () => {
    const instance = { publicUrl: null, lanUrls: ['http://192.168.1.20:8080', 'http://[2001:db8::5]:8080'] };
    expect(linkOrigins('http://127.0.0.1:8080', instance)).toEqual({
      choices: ['http://192.168.1.20:8080', 'http://[2001:db8::5]:8080', 'http://127.0.0.1:8080'],
      preferred: 'http://192.168.1.20:8080',
    });
    // Opened at a LAN address already: that one first, no duplicate.
    expect(linkOrigins('http://192.168.1.20:8080', instance).choices).toEqual(['http://192.168.1.20:8080', 'http://[2001:db8::5]:8080']);
  });

  it('falls back to the page’s own address when the server offers none (or could not be asked)', () => {
    expect(linkOrigins('http://127.0.0.1:8080', { publicUrl: null, lanUrls: [] })).toEqual({ choices: ['http://127.0.0.1:8080'], preferred: 'http://127.0.0.1:8080' });
    expect(linkOrigins('http://127.0.0.1:8080', null).preferred).toBe('http://127.0.0.1:8080');
  });
});
