import type { InstanceResponse } from '@qms/protocol';

/** A host name that reaches only the machine it is typed on. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/^\[|\]$/g, '');
  return host === 'localhost' || host.endsWith('.localhost') || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

export function isLoopbackOrigin(origin: string): boolean {
  try {
    return isLoopbackHost(new URL(origin).hostname);
  } catch {
    return false;
  }
}

/**
 * The addresses a share link may start with, the one to use first: PUBLIC_URL when the server
 * has one; otherwise the address this page was opened at and the machine's LAN addresses, a LAN
 * address first when this page was opened at a loopback one (a phone could not open that).
 */
export function linkOrigins(current: string, instance: InstanceResponse | null): { choices: string[]; preferred: string } {
  if (instance?.publicUrl) return { choices: [instance.publicUrl], preferred: instance.publicUrl };
  const lan = instance?.lanUrls ?? [];
  const choices = isLoopbackOrigin(current) ? [...lan, current] : [current, ...lan];
  const unique = [...new Set(choices)];
  return { choices: unique, preferred: unique[0] ?? current };
}
