import type { InstanceResponse } from '@qms/protocol';
import type { FastifyInstance } from 'fastify';
import { networkInterfaces as osInterfaces, type NetworkInterfaceInfo } from 'node:os';
import type { ServerConfig } from '../config.js';

export type NetworkInterfaces = () => NodeJS.Dict<NetworkInterfaceInfo[]>;

/** Hosts that mean "every network interface of this machine". */
const EVERY_INTERFACE = new Set(['0.0.0.0', '::']);

/**
 * This machine's addresses on its networks, as base URLs for a port: IPv4 first, then IPv6.
 * Loopback is left out (it reaches only this machine), and so are link-local IPv6 addresses
 * (fe80::, which browsers cannot open without the interface's zone).
 */
export function lanUrls(interfaces: NodeJS.Dict<NetworkInterfaceInfo[]>, port: number): string[] {
  const found = Object.values(interfaces)
    .flatMap((list) => list ?? [])
    .filter((info) => !info.internal && !(info.family === 'IPv6' && /^fe[89ab]/i.test(info.address)));
  const ordered = [...found.filter((i) => i.family === 'IPv4'), ...found.filter((i) => i.family === 'IPv6')];
  return [...new Set(ordered.map((i) => `http://${i.family === 'IPv6' ? `[${i.address}]` : i.address}:${port}`))];
}

/**
 * GET /api/instance — where others reach this app (InstanceResponse). Anyone may ask: it says no
 * more than a visitor on the network already knows (an address that answers them).
 */
export function registerInstanceApi(app: FastifyInstance, config: Pick<ServerConfig, 'host' | 'port' | 'publicUrl'>, interfaces: NetworkInterfaces = osInterfaces): void {
  app.get('/api/instance', async (_request, reply) => {
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : config.port;
    const offersLan = !config.publicUrl && EVERY_INTERFACE.has(config.host);
    return reply
      .header('cache-control', 'no-store')
      .send({ publicUrl: config.publicUrl, lanUrls: offersLan ? lanUrls(interfaces(), port) : [] } satisfies InstanceResponse);
  });
}
