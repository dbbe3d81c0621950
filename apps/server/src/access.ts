import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { ROLES, type Role } from '@qms/protocol';
import type { MapRecord } from '@qms/storage';

/**
 * Capability links: a map has one secret token per role. Only SHA-256 hashes are stored; the
 * tokens are shown once, to whoever creates the map or a new link.
 */
export interface AccessPolicy {
  /**
   * Requests from this machine without a token act as the owner: the person who started the app
   * on a laptop uses it without links. Off when the server listens beyond loopback or has an
   * admin token (a reverse proxy would make every request look local).
   */
  localTrust: boolean;
  /** When set, creating and listing maps needs it, and it acts as owner of every map. */
  adminToken: string | null;
}

export type Tokens = Record<Role, string>;

/** 256 random bits, URL-safe. */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * A random URL-safe id of `bytes` random bytes that starts with a letter or digit: an id starting
 * with "-" is read as a formula by spreadsheets (so CSV exports would have to quote it) and as an
 * option by command lines.
 */
export function newPublicId(bytes: number): string {
  for (;;) {
    const id = randomBytes(bytes).toString('base64url');
    if (/^[A-Za-z0-9]/.test(id)) return id;
  }
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** Fresh tokens for every role, and what the catalogue keeps of them. */
export function newAccess(): { tokens: Tokens; access: NonNullable<MapRecord['access']> } {
  const tokens = Object.fromEntries(ROLES.map((role) => [role, newToken()])) as Tokens;
  const access = Object.fromEntries(ROLES.map((role) => [role, hashToken(tokens[role])]));
  return { tokens, access };
}

function sameHash(a: string, b: string): boolean {
  const left = Buffer.from(a, 'hex');
  const right = Buffer.from(b, 'hex');
  return left.length === right.length && left.length > 0 && timingSafeEqual(left, right);
}

export function isLoopback(address: string | undefined): boolean {
  return address === '127.0.0.1' || address === '::1' || address === '::ffff:127.0.0.1';
}

export function isAdmin(token: string | undefined, policy: AccessPolicy): boolean {
  return Boolean(token && policy.adminToken && sameHash(hashToken(token), hashToken(policy.adminToken)));
}

/**
 * Who the caller is for this map: a role, nobody (no token), or a token that matches nothing. A
 * review link issued to a partner institution is a commenter's that speaks for that institution
 * (`institutionId`), and only for it.
 */
export type Caller = { role: Role; tokenHash: string | null; institutionId?: string } | { role: null; reason: 'no-token' | 'invalid-token' };

export function callerFor(record: Pick<MapRecord, 'access' | 'reviewLinks'>, token: string | undefined, fromLoopback: boolean, policy: AccessPolicy): Caller {
  if (token) {
    if (isAdmin(token, policy)) return { role: 'owner', tokenHash: null };
    const hash = hashToken(token);
    for (const role of ROLES) {
      const stored = record.access?.[role];
      if (stored && sameHash(stored, hash)) return { role, tokenHash: hash };
    }
    for (const link of record.reviewLinks ?? []) {
      if (sameHash(link.hash, hash)) return { role: 'commenter', tokenHash: hash, institutionId: link.institutionId };
    }
    return { role: null, reason: 'invalid-token' };
  }
  if (policy.localTrust && fromLoopback) return { role: 'owner', tokenHash: null };
  return { role: null, reason: 'no-token' };
}

/** `Authorization: Bearer <token>` */
export function bearerToken(header: string | undefined): string | undefined {
  const match = /^Bearer\s+(\S+)$/i.exec(header ?? '');
  return match?.[1];
}
