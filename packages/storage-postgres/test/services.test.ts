import { existsSync } from 'node:fs';
import { createConnection } from 'node:net';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { TestPostgres, TestRedis, postgresForTests, redisForTests } from '../src/testing/services.js';

const postgres = postgresForTests();
const redis = redisForTests();

/** Sends one inline Redis command; resolves to the first line of the answer, or the error's code. */
function redisCommand(port: number, command: string): Promise<string> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    let answer = '';
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? 'error'));
    socket.once('connect', () => socket.write(`${command}\r\n`));
    socket.on('data', (chunk) => {
      answer += chunk.toString();
      if (answer.includes('\r\n')) {
        socket.destroy();
        resolve(answer.split('\r\n')[0]!);
      }
    });
  });
}

describe('finding the servers for tests', () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
  });

  it('skips without PostgreSQL or Redis, except under CI, where their absence is a failure', () => {
    process.env.PG_BIN_DIR = '/nonexistent';
    process.env.REDIS_SERVER = '/nonexistent/redis-server';
    process.env.CI = 'false';
    expect(postgresForTests()).toBeUndefined();
    expect(redisForTests()).toBeUndefined();
    process.env.CI = 'true';
    expect(() => postgresForTests()).toThrow(/cannot run under CI: PG_BIN_DIR=\/nonexistent/);
    expect(() => redisForTests()).toThrow(/cannot run under CI: Redis is not installed/);
  });
});

describe.skipIf(!redis)('TestRedis', () => {
  it('starts Redis on a free port, restarts it after a crash on the same port, and cleans up', async () => {
    const server = await TestRedis.start(redis!);
    try {
      expect(server.url).toBe(`redis://127.0.0.1:${server.port}`);
      expect(await redisCommand(server.port, 'SET k v')).toBe('+OK');
      const before = server.pid;
      await server.restart({ downMs: 50 });
      expect(server.pid).not.toBe(before);
      // Nothing kept: no snapshot, no append-only file.
      expect(await redisCommand(server.port, 'GET k')).toBe('$-1');
      await server.stop();
      expect(await redisCommand(server.port, 'PING')).toBe('ECONNREFUSED');
      await server.start();
      expect(await redisCommand(server.port, 'PING')).toBe('+PONG');
    } finally {
      await server.destroy();
    }
    expect(await redisCommand(server.port, 'PING')).toBe('ECONNREFUSED');
    expect(existsSync(server.dir)).toBe(false);
  });
});

describe.skipIf(!postgres)('TestPostgres', () => {
  it('starts a cluster on a free port of 127.0.0.1, and destroys it with its folder', async () => {
    const cluster = await TestPostgres.start(postgres!);
    const url = cluster.url();
    try {
      expect(url).toBe(`postgres://postgres@127.0.0.1:${cluster.port}/postgres`);
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      expect((await client.query('SHOW fsync')).rows).toEqual([{ fsync: 'on' }]);
      expect((await client.query('SHOW synchronous_commit')).rows).toEqual([{ synchronous_commit: 'on' }]);
      await client.end();
    } finally {
      await cluster.destroy();
    }
    expect(cluster.running).toBe(false);
    expect(existsSync(cluster.dir)).toBe(false);
    const late = new pg.Client({ connectionString: url });
    await expect(late.connect()).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });
});
