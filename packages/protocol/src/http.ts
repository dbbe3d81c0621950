import type { Role } from './access.js';
import type { VersionKind } from './versions.js';

/**
 * Bodies of the HTTP API (ARCHITECTURE.md, "HTTP API"): what the server's routes send and what
 * the web app reads. Types only; the server's schemas check requests at run time.
 */

/** Share-link tokens by role: shown once, when a map is created. */
export type Tokens = Record<Role, string>;

/** A map as the API shows it (never its token hashes). */
export interface MapSummary {
  id: string;
  title: string;
  /** Milliseconds since the epoch. */
  createdAt: number;
  updatedAt: number;
  /** Where the editor opens it: `/maps/<id>`. */
  url: string;
  /** The caller's role (`GET /api/maps/:id`, and a new map: owner). */
  role?: Role;
  /** Share-link tokens, only in the answer that created the map. */
  tokens?: Tokens;
  /** `GET /api/maps/:id` through a review link issued to a partner institution: that institution's id. */
  institutionId?: string;
}

/** `GET /api/maps` */
export interface MapListResponse {
  maps: MapSummary[];
}

/** `POST /api/maps` `{ title, language? }` or `{ template, title?, language? }` */
export interface CreateMapRequest {
  title?: string;
  template?: string;
  /** The map's source language, a BCP 47 tag (`en`, `ru`, `uz-Latn`…); `en` when absent. */
  language?: string;
}

/** 201 of `POST /api/maps`: the only time the tokens are shown. */
export interface CreatedMap extends MapSummary {
  role: Role;
  tokens: Tokens;
}

/** `PATCH /api/maps/:id` */
export interface RenameMapRequest {
  title: string;
}

/** 201 of `POST /api/maps/import`: the new map, and what the import could not keep. */
export interface ImportedMapResponse extends CreatedMap {
  warnings: string[];
}

/** `GET /api/templates` */
export interface TemplateListResponse {
  templates: Array<{ id: string; title: string }>;
}

/** `GET /api/maps/:id/access`: which roles have a share link. */
export interface AccessResponse {
  roles: Record<Role, boolean>;
}

/** One review link issued to a partner institution (`GET /api/maps/:id/review-links`); never its token. */
export interface ReviewLinkInfo {
  id: string;
  institutionId: string;
  /** Milliseconds since the epoch. */
  createdAt: number;
}

/** `GET /api/maps/:id/review-links` */
export interface ReviewLinksResponse {
  links: ReviewLinkInfo[];
}

/** What `POST /api/maps/:id/workshop/reveal` moves from the participants' private documents into the review. */
export type RevealWhat = 'ratings' | 'ideas';

/** `POST /api/maps/:id/workshop/reveal` (owner, editor) */
export interface RevealRequest {
  what: RevealWhat;
}

/** → 200: how many entries were moved into the review document. */
export interface RevealResponse {
  revealed: number;
}

/** `POST /api/maps/:id/review-links` `{ institutionId }` → 201: the new link, its token shown this once. */
export interface NewReviewLinkResponse extends ReviewLinkInfo {
  token: string;
}

/** `POST /api/maps/:id/access/:role`: the role's new link (the old one stops working). */
export interface NewLinkResponse {
  role: Role;
  token: string;
}

/** One export format of `GET /api/formats`. */
export interface FormatInfo {
  id: string;
  label: string;
  extension: string;
  mediaType: string;
  /** A text format (shown as text rather than downloaded, where a client can). */
  text: boolean;
  /** Prints the source beside a translation: needs `language=` a target language (422 otherwise). */
  bilingual?: boolean;
}

/** `GET /api/formats` */
export interface FormatsResponse {
  exports: FormatInfo[];
  /** The `format=` values `POST /api/maps/import` reads. */
  imports: string[];
}

/** One issue of `GET /api/maps/:id/report` (the methodology checks of `@qms/model`). */
export interface ReportIssue {
  rule: string;
  severity: 'error' | 'warning';
  /** The nodes involved, the one the issue is about first; empty for map-wide issues. */
  nodeIds: string[];
  /** Stable variant of the rule; translations key on `${rule}.${code}`. */
  code: string;
  params: Record<string, string | number>;
  /** The English sentence, for API clients. */
  message: string;
}

/** `GET /api/maps/:id/report` (`stats`: the figures behind the points bar, as `@qms/model` computes them). */
export interface ReportResponse<Stats = unknown> {
  issues: ReportIssue[];
  stats: Stats;
}

/** One outcome of a unit in `GET /api/maps/:id/units`. */
export interface MapUnitOutcome {
  code: string;
  title: string;
  /** `knowledge`, `skills` or `autonomy`; absent when not set. */
  domain?: 'knowledge' | 'skills' | 'autonomy';
}

/** One unit in `GET /api/maps/:id/units`: what matching a partner's unit reads. */
export interface MapUnit {
  /** The unit's node id in its map (a `matches` edge's `target`). */
  id: string;
  code: string;
  title: string;
  points?: number;
  eqfLevel?: number;
  /** Its learning outcomes (those drawn in it), in map order. */
  outcomes: MapUnitOutcome[];
  /** The model's `matchUnitFingerprint` of the unit as it is now (compared with a match's snapshot). */
  fingerprint: string;
}

/** `GET /api/maps/:id/units` (view role): a map's units of learning outcomes, read-only, in the map's source language. */
export interface MapUnitsResponse {
  id: string;
  title: string;
  language: string;
  units: MapUnit[];
}

/** One saved version of a map (`GET /api/maps/:id/versions`, newest first). */
export interface VersionInfo {
  id: string;
  /** What people read: the name someone gave it, or the server's English name for its own. */
  name: string;
  /** Milliseconds since the epoch. */
  createdAt: number;
  /** Made by the server (kind `auto` or `backup`); pruned to the newest few. Kept beside `kind` for older clients. */
  auto: boolean;
  kind: VersionKind;
  /** For a `backup`: the name of the version whose restore it precedes. */
  restoredName?: string;
  /** The role of whoever saved it (there are no accounts to name). */
  createdBy?: string;
}

/** `GET /api/maps/:id/versions` */
export interface VersionListResponse {
  versions: VersionInfo[];
}

/** `POST /api/maps/:id/versions` */
export interface CreateVersionRequest {
  name: string;
}

/** `POST /api/maps/:id/versions/:versionId/restore` */
export interface RestoreResponse {
  /** The version restored. */
  restored: string;
  /** The version saved just before (kind `backup`): restoring it undoes the restore. */
  backup: string;
}

/**
 * `GET /api/instance`: the addresses others reach this app at, for share links and QR codes.
 * `publicUrl` is PUBLIC_URL when set; without it, a server listening on every network interface
 * (HOST=0.0.0.0 or ::) lists this machine's addresses on its networks in `lanUrls` (else none).
 */
export interface InstanceResponse {
  publicUrl: string | null;
  lanUrls: string[];
}

/** `GET /healthz` (liveness) */
export interface HealthResponse {
  status: 'ok';
  uptimeSeconds: number;
  /** Documents loaded in memory. */
  rooms: number;
}

/** `GET /readyz`: 200 `ready`, or 503 `unavailable` with what is wrong. */
export interface ReadinessResponse {
  status: 'ready' | 'unavailable';
  problems: string[];
  /** Damage found and repaired since the start (a rebuilt catalogue, a log resynchronised…); only when there is some. */
  recovered?: string[];
  /** With DATABASE_URL: whether PostgreSQL answers. */
  database?: 'ok' | 'unavailable';
  /**
   * With DATABASE_URL: how updates travel between instances, and whether they do now. A bus that
   * is down does not make the instance unready: it reads the others' changes from the database.
   */
  bus?: { via: string; status: 'ok' | 'unavailable'; problems?: string[] };
}

/** A map's publication status: `draft` (not served), `adopted` or `deprecated` (served by the CASE provider). */
export type PublicationStatus = 'draft' | 'adopted' | 'deprecated';

/** `PUT /api/maps/:id/publication` (owner). */
export interface PublicationRequest {
  status: PublicationStatus;
}

/** One adoption of a map: the named version it froze and the CFDocument served for it. */
export interface AdoptionInfo {
  versionId: string;
  /** Milliseconds since the epoch. */
  adoptedAt: number;
  documentIdentifier: string;
}

/** `GET` / `PUT /api/maps/:id/publication`. */
export interface PublicationResponse {
  status: PublicationStatus;
  /** The version the CASE provider serves as the map's current framework (the last adoption's); absent when never adopted. */
  versionId?: string;
  /** Its CFDocument's identifier. */
  documentIdentifier?: string;
  /** Milliseconds since the epoch: when the status last changed. */
  changedAt: number;
  /** Every adoption, oldest first; each is replacedBy the next. */
  adoptions: AdoptionInfo[];
}
