/**
 * Throwaway PostgreSQL and Redis servers for tests, started from the binaries installed on the
 * machine (Debian's `postgresql` and `redis-server`; no Docker, nothing downloaded). Each runs on
 * a free port of 127.0.0.1 from a temporary folder, and can be stopped (as a crash, by default),
 * started again on the same port and data, and destroyed.
 *
 *   const pg = postgresForTests();               // undefined (tests skip) when not installed
 *   describe.skipIf(!pg)('…', () => {
 *     let cluster: TestPostgres;
 *     beforeAll(async () => { cluster = await TestPostgres.start(pg!); });
 *     afterAll(() => cluster?.destroy());
 *     it('…', async () => { const url = await cluster.createDatabase(); … await cluster.restart(); });
 *   });
 *
 * Under `CI=true` a missing binary fails the tests instead of skipping them. PostgreSQL refuses to
 * run as root: as root, the servers run as the `postgres` user (`PG_TEST_USER`) through
 * `runuser`. `initdb` (some seconds) runs once per machine: clusters are copies of a template
 * kept in the temporary folder (or `TEST_SERVICES_DIR`). Clusters keep PostgreSQL's durable defaults (fsync, synchronous
 * commit), so a test may crash one and count on what was committed.
 */
import { execFile, execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { chown, mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';

const run = promisify(execFile);

export interface PostgresBinaries {
  /** The folder with `initdb`, `pg_ctl` and `postgres`. */
  binDir: string;
  /** e.g. "15.14". */
  version: string;
  /** The user the servers run as, when this process is root. */
  runAs?: { name: string; uid: number; gid: number };
}

export interface RedisBinaries {
  /** The `redis-server` executable. */
  server: string;
}

/** Where the binaries were not found, and what to do about it. */
export interface Missing {
  missing: string;
}

const isCI = () => process.env.CI === 'true' || process.env.CI === '1';

/**
 * Where the servers' folders (and the template cluster) go: `TEST_SERVICES_DIR`, else the
 * system's temporary folder. As root, the `postgres` user must be able to enter it.
 */
function servicesDir(): string {
  return process.env.TEST_SERVICES_DIR || tmpdir();
}

/**
 * PostgreSQL's binaries: `PG_BIN_DIR`, else the newest `/usr/lib/postgresql/<major>/bin`, else
 * `pg_ctl` on the PATH.
 */
export function findPostgres(): PostgresBinaries | Missing {
  const candidates: string[] = [];
  if (process.env.PG_BIN_DIR) candidates.push(process.env.PG_BIN_DIR);
  else {
    const debian = '/usr/lib/postgresql';
    if (existsSync(debian)) {
      const majors = readdirSync(debian).filter((name) => /^\d+$/.test(name)).sort((a, b) => Number(b) - Number(a));
      candidates.push(...majors.map((major) => join(debian, major, 'bin')));
    }
    const onPath = which('pg_ctl');
    if (onPath) candidates.push(dirname(onPath));
  }
  const binDir = candidates.find((dir) => ['initdb', 'pg_ctl', 'postgres'].every((tool) => existsSync(join(dir, tool))));
  if (!binDir) {
    return {
      missing: process.env.PG_BIN_DIR
        ? `PG_BIN_DIR=${process.env.PG_BIN_DIR} has no initdb, pg_ctl and postgres`
        : 'PostgreSQL is not installed (apt-get install -y postgresql, or set PG_BIN_DIR to its bin folder)',
    };
  }
  let version: string;
  try {
    version = /(\d+(?:\.\d+)*)/.exec(execFileSync(join(binDir, 'pg_ctl'), ['--version'], { encoding: 'utf8' }))?.[1] ?? 'unknown';
  } catch (error) {
    return { missing: `${join(binDir, 'pg_ctl')} does not run: ${(error as Error).message}` };
  }
  if (process.getuid?.() !== 0) return { binDir, version };
  const name = process.env.PG_TEST_USER ?? 'postgres';
  try {
    const uid = Number(execFileSync('id', ['-u', name], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', name], { encoding: 'utf8' }).trim());
    if (!which('runuser')) return { missing: 'running as root without runuser (util-linux), which starts PostgreSQL as another user' };
    return { binDir, version, runAs: { name, uid, gid } };
  } catch {
    return { missing: `PostgreSQL refuses to run as root, and there is no user "${name}" to run it as (set PG_TEST_USER)` };
  }
}

/** `redis-server`: `REDIS_SERVER`, else on the PATH, else `/usr/bin/redis-server`. */
export function findRedis(): RedisBinaries | Missing {
  const server = process.env.REDIS_SERVER ?? which('redis-server') ?? '/usr/bin/redis-server';
  if (!existsSync(server)) {
    return { missing: 'Redis is not installed (apt-get install -y redis-server, or set REDIS_SERVER to redis-server)' };
  }
  return { server };
}

/**
 * For a test file: PostgreSQL's binaries, or undefined after saying why the tests that need it
 * are skipped. Under `CI=true`, missing binaries throw: CI installs them, so a skip would hide a
 * broken setup.
 */
export function postgresForTests(): PostgresBinaries | undefined {
  return forTests('PostgreSQL', findPostgres());
}

/** As `postgresForTests`, for Redis. */
export function redisForTests(): RedisBinaries | undefined {
  return forTests('Redis', findRedis());
}

function forTests<T extends object>(what: string, found: T | Missing): T | undefined {
  if (!('missing' in found)) return found;
  if (isCI()) throw new Error(`The ${what} tests cannot run under CI: ${found.missing}.`);
  console.warn(`Skipping the tests that need ${what}: ${found.missing}.`);
  return undefined;
}

/** Every server started by this process, stopped if the process exits without destroying them. */
const running = new Set<{ kill(): void }>();
let exitHookInstalled = false;
function track(service: { kill(): void }): void {
  running.add(service);
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', () => {
    for (const each of running) each.kill();
  });
}

/** Settings for test clusters: small, quiet, and as durable as PostgreSQL's defaults. */
const CLUSTER_SETTINGS: Record<string, string> = {
  max_connections: '100',
  shared_buffers: '32MB',
  log_min_messages: 'warning',
  log_line_prefix: "'%m [%p] '",
  // After a crash PostgreSQL syncs its data folder before recovering: one syncfs() rather than
  // an fsync() of each of its hundreds of files (seconds on a busy disk).
  recovery_init_sync_method: 'syncfs',
};

/** A PostgreSQL cluster of its own: `postgres` superuser, trust authentication, 127.0.0.1 only. */
export class TestPostgres {
  readonly host = '127.0.0.1';
  #running = false;
  /** What `postgres` is started with (`-c name=value`). */
  #settings: Record<string, string> = CLUSTER_SETTINGS;

  private constructor(
    readonly binaries: PostgresBinaries,
    /** The temporary folder: `data/` (the cluster), the log and the socket. */
    readonly dir: string,
    readonly port: number,
  ) {}

  /** Copies the template cluster (made on first use) and starts it on a free port. */
  static async start(binaries: PostgresBinaries, options: { settings?: Record<string, string> } = {}): Promise<TestPostgres> {
    const template = await preparePostgresTemplate(binaries);
    const dir = await mkdtemp(join(servicesDir(), 'qms-pg-'));
    if (binaries.runAs) await chown(dir, binaries.runAs.uid, binaries.runAs.gid);
    await as(binaries, 'cp', ['-a', join(template, 'data'), join(dir, 'data')]);
    let lastError: unknown;
    // A free port can be taken by someone else between the probe and the start: try another.
    for (let attempt = 0; attempt < 3; attempt++) {
      const cluster = new TestPostgres(binaries, dir, await freePort());
      cluster.#settings = { ...CLUSTER_SETTINGS, ...options.settings };
      try {
        await cluster.start();
        track(cluster);
        return cluster;
      } catch (error) {
        lastError = error;
      }
    }
    await rm(dir, { recursive: true, force: true });
    throw lastError;
  }

  /** `postgres://postgres@127.0.0.1:<port>/<database>`. */
  url(database = 'postgres'): string {
    return `postgres://postgres@${this.host}:${this.port}/${database}`;
  }

  get running(): boolean {
    return this.#running;
  }

  /** Creates an empty database (a fresh one for each test file or test); resolves to its URL. */
  async createDatabase(name = `qms_test_${Math.random().toString(36).slice(2, 10)}`): Promise<string> {
    if (!/^[a-z_][a-z0-9_]{0,62}$/.test(name)) throw new Error(`"${name}" is not a simple database name.`);
    const client = new pg.Client({ connectionString: this.url() });
    await client.connect();
    try {
      await client.query(`CREATE DATABASE "${name}"`);
    } finally {
      await client.end();
    }
    return this.url(name);
  }

  /** Starts the cluster (again) on its port; resolves once it accepts connections. */
  async start(): Promise<void> {
    if (this.#running) return;
    const options = [
      `-p ${this.port}`,
      `-h ${this.host}`,
      `-k '${this.dir}'`,
      ...Object.entries(this.#settings).map(([name, value]) => `-c ${name}=${value}`),
    ].join(' ');
    try {
      await as(this.binaries, join(this.binaries.binDir, 'pg_ctl'), [
        '-D',
        join(this.dir, 'data'),
        '-l',
        join(this.dir, 'postgres.log'),
        '-o',
        options,
        '-w',
        '-t',
        '60',
        'start',
      ]);
    } catch (error) {
      throw new Error(`PostgreSQL did not start on port ${this.port}: ${(error as Error).message}\n${await this.log()}`, { cause: error });
    }
    this.#running = true;
  }

  /**
   * Stops the cluster. `immediate` (the default) is a crash: no checkpoint, the next start
   * recovers from the write-ahead log, so only what was committed survives. `fast` is a clean
   * shutdown.
   */
  async stop(mode: 'immediate' | 'fast' = 'immediate'): Promise<void> {
    if (!this.#running) return;
    await as(this.binaries, join(this.binaries.binDir, 'pg_ctl'), ['-D', join(this.dir, 'data'), '-m', mode, '-w', 'stop']);
    this.#running = false;
  }

  /** Stops (a crash, unless `mode` says otherwise), stays down for `downMs`, starts again. */
  async restart(options: { mode?: 'immediate' | 'fast'; downMs?: number } = {}): Promise<void> {
    await this.stop(options.mode);
    if (options.downMs) await new Promise((resolve) => setTimeout(resolve, options.downMs));
    await this.start();
  }

  /** Stops the cluster and deletes its folder. */
  async destroy(): Promise<void> {
    running.delete(this);
    await this.stop().catch(() => this.kill());
    await rm(this.dir, { recursive: true, force: true });
  }

  /** The end of the server's log, for error messages. */
  async log(): Promise<string> {
    try {
      return (await readFile(join(this.dir, 'postgres.log'), 'utf8')).split('\n').slice(-20).join('\n');
    } catch {
      return '(no log)';
    }
  }

  /** Synchronous last resort at process exit: SIGQUIT is PostgreSQL's immediate shutdown. */
  kill(): void {
    try {
      const pid = Number(readFileSync(join(this.dir, 'data', 'postmaster.pid'), 'utf8').split('\n')[0]);
      if (pid > 0) process.kill(pid, 'SIGQUIT');
    } catch {
      // Not running.
    }
    this.#running = false;
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/**
 * Makes (once per machine, user and PostgreSQL version) the cluster that test clusters copy, in
 * the temporary folder; resolves to its folder. Safe to call from several processes at once.
 * A vitest `globalSetup` can call it so that test files running in parallel do not each wait
 * for `initdb`.
 */
export async function preparePostgresTemplate(binaries: PostgresBinaries): Promise<string> {
  const owner = binaries.runAs?.name ?? String(process.getuid?.() ?? 'user');
  const template = join(servicesDir(), `qms-test-pg-${binaries.version}-${owner}`);
  const marker = `initdb of PostgreSQL ${binaries.version} in ${binaries.binDir}, format 2\n`;
  if (existsSync(join(template, 'ready')) && readFileSync(join(template, 'ready'), 'utf8') === marker) return template;
  const building = await mkdtemp(`${template}.building-`);
  try {
    if (binaries.runAs) await chown(building, binaries.runAs.uid, binaries.runAs.gid);
    await as(binaries, join(binaries.binDir, 'initdb'), [
      '-D',
      join(building, 'data'),
      '--auth=trust',
      '-U',
      'postgres',
      '-E',
      'UTF8',
      '--no-locale',
      // 1 MiB write-ahead log segments rather than 16: less to copy and to sync.
      '--wal-segsize=1',
      // The template is only ever copied: syncing its files to disk would only cost time.
      '--no-sync',
    ]);
    await writeFile(join(building, 'ready'), marker);
    await rm(template, { recursive: true, force: true });
    try {
      await rename(building, template);
    } catch (error) {
      // Another process finished first: use its template.
      if (!existsSync(join(template, 'ready'))) throw error;
    }
  } finally {
    await rm(building, { recursive: true, force: true });
  }
  return template;
}

/** A Redis server of its own, without persistence (`--save '' --appendonly no`). */
export class TestRedis {
  readonly host = '127.0.0.1';
  #pid = 0;

  private constructor(
    readonly binaries: RedisBinaries,
    readonly dir: string,
    readonly port: number,
  ) {}

  static async start(binaries: RedisBinaries): Promise<TestRedis> {
    const dir = await mkdtemp(join(servicesDir(), 'qms-redis-'));
    let lastError: unknown;
    for (let attempt = 0; attempt < 3; attempt++) {
      const redis = new TestRedis(binaries, dir, await freePort());
      try {
        await redis.start();
        track(redis);
        return redis;
      } catch (error) {
        lastError = error;
      }
    }
    await rm(dir, { recursive: true, force: true });
    throw lastError;
  }

  /** `redis://127.0.0.1:<port>`. */
  get url(): string {
    return `redis://${this.host}:${this.port}`;
  }

  get running(): boolean {
    return this.#pid > 0;
  }

  /** The server's process id (while it runs). */
  get pid(): number {
    return this.#pid;
  }

  /** Starts the server (again) on its port; resolves once it answers PING. */
  async start(): Promise<void> {
    if (this.#pid) return;
    const pidFile = join(this.dir, 'redis.pid');
    await rm(pidFile, { force: true });
    // Arguments are passed without a shell: `--save ''` is an empty argument.
    await run(this.binaries.server, [
      '--port',
      String(this.port),
      '--bind',
      this.host,
      '--save',
      '',
      '--appendonly',
      'no',
      '--daemonize',
      'yes',
      '--pidfile',
      pidFile,
      '--dir',
      this.dir,
      '--logfile',
      join(this.dir, 'redis.log'),
    ]);
    const deadline = performance.now() + 10_000;
    for (;;) {
      const pid = existsSync(pidFile) ? Number(readFileSync(pidFile, 'utf8').trim()) : 0;
      if (pid > 0 && (await ping(this.host, this.port))) {
        this.#pid = pid;
        return;
      }
      if (performance.now() > deadline) {
        const log = existsSync(join(this.dir, 'redis.log')) ? readFileSync(join(this.dir, 'redis.log'), 'utf8').slice(-2000) : '';
        if (pid > 0) signal(pid, 'SIGKILL');
        throw new Error(`Redis did not start on port ${this.port}.\n${log}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  /** Stops the server: SIGKILL (a crash, the default) or SIGTERM; resolves once it is gone. */
  async stop(how: 'SIGKILL' | 'SIGTERM' = 'SIGKILL'): Promise<void> {
    const pid = this.#pid;
    if (!pid) return;
    signal(pid, how);
    const deadline = performance.now() + 10_000;
    // Gone once the process has ended and its port refuses connections.
    while (alive(pid) || !(await refused(this.host, this.port))) {
      if (performance.now() > deadline) signal(pid, 'SIGKILL');
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    this.#pid = 0;
  }

  /** Stops (a crash, unless `how` says otherwise), stays down for `downMs`, starts again. */
  async restart(options: { how?: 'SIGKILL' | 'SIGTERM'; downMs?: number } = {}): Promise<void> {
    await this.stop(options.how);
    if (options.downMs) await new Promise((resolve) => setTimeout(resolve, options.downMs));
    await this.start();
  }

  async destroy(): Promise<void> {
    running.delete(this);
    await this.stop();
    await rm(this.dir, { recursive: true, force: true });
  }

  kill(): void {
    if (this.#pid) signal(this.#pid, 'SIGKILL');
    this.#pid = 0;
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** Runs a command as the binaries' user (through runuser when this process is root). */
async function as(binaries: PostgresBinaries, command: string, args: string[]): Promise<void> {
  const [file, argv] = binaries.runAs ? ['runuser', ['-u', binaries.runAs.name, '--', command, ...args]] : [command, args];
  try {
    await run(file, argv, { cwd: tmpdir() });
  } catch (error) {
    const { stderr, stdout } = error as { stderr?: string; stdout?: string };
    throw new Error(`${command} ${args.join(' ')} failed: ${(stderr || stdout || (error as Error).message).trim()}`, { cause: error });
  }
}

/** A port that was free a moment ago on 127.0.0.1. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** True when a Redis server answers PING on the port. */
function ping(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host, port });
    let answer = '';
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1_000, () => done(false));
    socket.once('error', () => done(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.on('data', (chunk) => {
      answer += chunk.toString();
      if (answer.includes('\r\n')) done(answer.startsWith('+PONG'));
    });
  });
}

/** True when nothing listens on the port any more. */
function refused(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host, port });
    socket.setTimeout(1_000, () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code === 'ECONNREFUSED'));
  });
}

function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch {
    // Already gone.
  }
}

/**
 * True while the process runs. A killed daemon whose parent is an init that is slow to reap it
 * lingers as a zombie, which signal 0 still reaches: on Linux, its state says it is gone.
 */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return !/^[ZX]/.test(stat.slice(stat.lastIndexOf(')') + 2));
  } catch {
    return true; // no /proc (not Linux): signal 0 is all there is
  }
}

function which(command: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (dir && existsSync(join(dir, command))) return join(dir, command);
  }
  return undefined;
}
