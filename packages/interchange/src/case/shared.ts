import { FIELDS, kindSpec, knownKinds, type FieldName } from '@qms/model';

/**
 * What the CASE export and import share: the parts of the 1EdTech CASE JSON this package writes
 * and reads, the table between node kinds and CFItemTypes, the names of this app's extensions,
 * and deterministic identifiers.
 *
 * Two schemas are in play (both in shared/fixtures/case/):
 * - CASE 1.0 (OpenSALT's JSON Schema): `associationType` is a closed enum, no `extensions`,
 *   identifiers must contain an 8-4-4-4-12 hex group (the pattern is not anchored).
 * - CASE 1.1 (1EdTech's official schema, draft 2019-09): `associationType` also accepts `ext:…`
 *   names, every class has an `extensions` object, every object forbids unknown properties, and
 *   identifiers have `format: uuid`, which the spec's comment narrows to lower-case UUIDs of
 *   versions 1–5 and variants 1–2 (see UUID_1_1).
 */

export type CaseVersion = '1.0' | '1.1';

/** LinkGenURI (to a node: title, identifier, uri) and LinkURI (same shape, UUID identifier). */
export interface CaseLink {
  title: string;
  identifier: string;
  uri: string;
}

export interface CaseDocument {
  identifier: string;
  uri: string;
  creator: string;
  title: string;
  lastChangeDateTime: string;
  description?: string;
  language?: string;
  adoptionStatus?: string;
  notes?: string;
  /** 1.1 only. */
  caseVersion?: '1.1';
  /** 1.1 only. */
  extensions?: Record<string, unknown>;
}

export interface CaseItem {
  identifier: string;
  uri: string;
  fullStatement: string;
  humanCodingScheme?: string;
  CFItemType?: string;
  CFItemTypeURI?: CaseLink;
  language?: string;
  lastChangeDateTime: string;
  /** 1.1 only. */
  extensions?: Record<string, unknown>;
}

export interface CaseAssociation {
  identifier: string;
  uri: string;
  associationType: string;
  originNodeURI: CaseLink;
  destinationNodeURI: CaseLink;
  sequenceNumber?: number;
  CFAssociationGroupingURI?: CaseLink;
  lastChangeDateTime: string;
}

export interface CaseItemType {
  identifier: string;
  uri: string;
  title: string;
  /** Required by 1.1, allowed by 1.0. */
  description: string;
  hierarchyCode: string;
  lastChangeDateTime: string;
}

export interface CaseAssociationGrouping {
  identifier: string;
  uri: string;
  title: string;
  description: string;
  lastChangeDateTime: string;
}

export interface CasePackage {
  CFDocument: CaseDocument;
  CFItems: CaseItem[];
  CFAssociations: CaseAssociation[];
  CFDefinitions: {
    CFItemTypes: CaseItemType[];
    CFAssociationGroupings?: CaseAssociationGrouping[];
  };
}

/** The creator named on every exported CFDocument. */
export const CREATOR = 'Qualification Map Studio';

/** The `sourceType` an imported CFDocument leaves on the qualification node it became. */
export const DOCUMENT_SOURCE_TYPE = 'CFDocument';

// ---------------------------------------------------------------------------------------------
// Kinds ↔ CFItemTypes

/** The kinds CASE packages carry (`exported`, with a `caseItemType` in kinds.ts), in the table's order. */
export function caseKinds(): string[] {
  return knownKinds().filter((kind) => {
    const spec = kindSpec(kind)!;
    return spec.exported && spec.caseItemType !== null;
  });
}

/** The CFItemType a kind is written as (kinds.ts), or undefined when CASE packages leave it out. */
export function itemTypeOf(kind: string): { readonly title: string; readonly description: string } | undefined {
  const spec = kindSpec(kind);
  return spec?.exported && spec.caseItemType ? spec.caseItemType : undefined;
}

/**
 * CFItemType names other frameworks use for the same idea as one of our kinds (compared without
 * case, spaces or punctuation): "Competency" and "Learning Objective" are learning outcomes, a
 * "Labour Function" (Russian professional standards) is a main function. Names like "Standard",
 * "Cluster" or "Domain" say nothing about our kinds: such items get their kind from their place in
 * the tree. Our own names (each kind's name and its CFItemType) come from the kind table.
 */
const OTHER_NAMES: Readonly<Record<string, string>> = {
  keyarea: 'keyFunction',
  generalisedlabourfunction: 'keyFunction',
  generalizedlabourfunction: 'keyFunction',
  labourfunction: 'mainFunction',
  laborfunction: 'mainFunction',
  outcome: 'learningOutcome',
  competency: 'learningOutcome',
  competence: 'learningOutcome',
  learningobjective: 'learningOutcome',
  unitoflearningoutcome: 'unit',
  ecvetunit: 'unit',
};

const typeKey = (type: string) => type.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');

/**
 * Reads CFItemType names as kinds: our CFItemTypes and kind names first, then the other names.
 * Made once per import or export (it reads the kind table as it is then).
 */
export function itemTypeReader(): (type: unknown) => string | undefined {
  const kinds = new Map<string, string>();
  for (const [key, kind] of Object.entries(OTHER_NAMES)) if (kindSpec(kind)) kinds.set(key, kind);
  for (const kind of [...caseKinds()].reverse()) {
    kinds.set(typeKey(itemTypeOf(kind)!.title), kind);
    kinds.set(typeKey(kind), kind);
  }
  return (type) => (typeof type === 'string' ? kinds.get(typeKey(type)) : undefined);
}

// ---------------------------------------------------------------------------------------------
// Associations

/** How `covers` travels in 1.1: the spec's own extension mechanism for association types. */
export const COVERS_TYPE_1_1 = 'ext:covers';

/**
 * 1.0's associationType is a closed enum with no `ext:` names, so `covers` goes out as
 * `isRelatedTo` (the closest standard type: "related in some way") and the real meaning rides on
 * the standard CFAssociationGrouping mechanism: every such association points to a grouping with
 * this title, which our import recognises. Other readers see plain related items.
 */
export const COVERS_GROUPING_TITLE = 'qms:covers';

/**
 * A translated package's items are translations of the source package's: `isTranslationOf` in
 * CASE 1.1; CASE 1.0 has no such type, so there they are isRelatedTo associations in this grouping.
 */
export const TRANSLATION_TYPE_1_1 = 'isTranslationOf';
export const TRANSLATION_GROUPING_TITLE = 'qms:isTranslationOf';

// ---------------------------------------------------------------------------------------------
// Extensions (1.1): `qms:<field>` on items and on the CFDocument

export const EXTENSION_PREFIX = 'qms:';
/** The identifier the node had at its source, when CASE 1.1 needed another one. */
export const EXT_SOURCE_ID = 'qms:sourceId';
/** The node's kind, when its CFItemType (kept from its source) does not say it. */
export const EXT_KIND = 'qms:kind';
/** The root qualification's own code and title (the CFDocument's title is the map's). */
export const EXT_CODE = 'qms:code';
export const EXT_TITLE = 'qms:title';

/**
 * Fields carried as extensions: every field people edit except code and title (they have CASE
 * properties) and the source fields (sourceType and sequence have CASE properties too).
 */
export const EXTENSION_FIELDS: readonly FieldName[] = (Object.keys(FIELDS) as FieldName[]).filter(
  (name) => name !== 'code' && name !== 'title' && !(FIELDS[name] as { source?: true }).source,
);

export function isExtensionField(name: string): name is FieldName {
  return (EXTENSION_FIELDS as readonly string[]).includes(name);
}

/** A kind named in our 1.1 `qms:kind` extension, if this version knows it. */
export function asKnownKind(value: unknown): string | undefined {
  return typeof value === 'string' && kindSpec(value) ? value : undefined;
}

// ---------------------------------------------------------------------------------------------
// Identifiers

/**
 * A UUID as the CASE 1.1 spec describes its UUID type: lower-case hex, 8-4-4-4-12, version 1–5,
 * variant 1 (8–b) or 2 (c–d). The official schema only says `format: uuid`, which ajv-formats
 * checks more loosely (any version, any case): we hold exports to the spec's wording so that a
 * strict consumer accepts them too.
 */
export const UUID_1_1 = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-5][0-9a-f]{3}-[89a-d][0-9a-f]{3}-[0-9a-f]{12}$/;

/** What the 1.0 schema's UUID pattern asks for (anchored here: the schema's is not). */
export const UUID_1_0 = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

export function isCaseIdentifier(id: string, version: CaseVersion): boolean {
  return (version === '1.1' ? UUID_1_1 : UUID_1_0).test(id);
}

/** UTF-8 bytes of a string (the package sees no TextEncoder: its lib is plain ES2022). */
export function utf8(text: string): Uint8Array {
  const bytes: number[] = [];
  for (const char of text) {
    let code = char.codePointAt(0)!;
    if (code >= 0xd800 && code <= 0xdfff) code = 0xfffd; // a lone surrogate, as TextEncoder does
    if (code < 0x80) bytes.push(code);
    else if (code < 0x800) bytes.push(0xc0 | (code >> 6), 0x80 | (code & 63));
    else if (code < 0x10000) bytes.push(0xe0 | (code >> 12), 0x80 | ((code >> 6) & 63), 0x80 | (code & 63));
    else bytes.push(0xf0 | (code >> 18), 0x80 | ((code >> 12) & 63), 0x80 | ((code >> 6) & 63), 0x80 | (code & 63));
  }
  return Uint8Array.from(bytes);
}

/**
 * SHA-1 (FIPS 180-4), in plain TypeScript because the package must not import node:crypto and
 * WebCrypto's digest is asynchronous. Used only to derive name-based UUIDs, not for security.
 */
export function sha1(message: Uint8Array): Uint8Array {
  const blocks = new Uint8Array(Math.ceil((message.length + 9) / 64) * 64);
  blocks.set(message);
  blocks[message.length] = 0x80;
  const view = new DataView(blocks.buffer);
  const bits = message.length * 8;
  view.setUint32(blocks.length - 8, Math.floor(bits / 0x100000000));
  view.setUint32(blocks.length - 4, bits >>> 0);
  const h = [0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476, 0xc3d2e1f0];
  const w = new Uint32Array(80);
  for (let offset = 0; offset < blocks.length; offset += 64) {
    for (let i = 0; i < 16; i++) w[i] = view.getUint32(offset + i * 4);
    for (let i = 16; i < 80; i++) {
      const x = w[i - 3]! ^ w[i - 8]! ^ w[i - 14]! ^ w[i - 16]!;
      w[i] = (x << 1) | (x >>> 31);
    }
    let [a, b, c, d, e] = h as [number, number, number, number, number];
    for (let i = 0; i < 80; i++) {
      const [f, k] =
        i < 20 ? [(b & c) | (~b & d), 0x5a827999] : i < 40 ? [b ^ c ^ d, 0x6ed9eba1] : i < 60 ? [(b & c) | (b & d) | (c & d), 0x8f1bbcdc] : [b ^ c ^ d, 0xca62c1d6];
      const t = (((a << 5) | (a >>> 27)) + f + e + k + w[i]!) >>> 0;
      e = d;
      d = c;
      c = ((b << 30) | (b >>> 2)) >>> 0;
      b = a;
      a = t;
    }
    h[0] = (h[0]! + a) >>> 0;
    h[1] = (h[1]! + b) >>> 0;
    h[2] = (h[2]! + c) >>> 0;
    h[3] = (h[3]! + d) >>> 0;
    h[4] = (h[4]! + e) >>> 0;
  }
  const digest = new Uint8Array(20);
  const out = new DataView(digest.buffer);
  h.forEach((word, i) => out.setUint32(i * 4, word));
  return digest;
}

function uuidBytes(uuid: string): Uint8Array {
  const hex = uuid.replace(/-/g, '');
  return Uint8Array.from({ length: 16 }, (_, i) => parseInt(hex.slice(i * 2, i * 2 + 2), 16));
}

/** A name-based UUID, version 5 (RFC 9562 §5.5): the same namespace and name always give the same UUID. */
export function uuidV5(namespace: string, name: string): string {
  const ns = uuidBytes(namespace);
  const text = utf8(name);
  const input = new Uint8Array(ns.length + text.length);
  input.set(ns);
  input.set(text, ns.length);
  const bytes = sha1(input).slice(0, 16);
  bytes[6] = (bytes[6]! & 0x0f) | 0x50;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** RFC 9562's namespace for URL names. */
export const URL_NAMESPACE = '6ba7b811-9dad-11d1-80b4-00c04fd430c8';

/**
 * This app's namespace for the identifiers it derives. Changing it changes every exported
 * identifier, which would make partners' systems see new frameworks: never change it.
 */
export const QMS_NAMESPACE = uuidV5(URL_NAMESPACE, 'urn:qualification-map-studio:case');

/** A stable CASE identifier for a name such as "<mapId>/node/<nodeId>". */
export function deriveIdentifier(name: string): string {
  return uuidV5(QMS_NAMESPACE, name);
}
