import { localizedNodes, type MapSnapshot, type MatchTargets, type WorkshopSnapshot } from '@qms/model';

/** What every export gets besides the map. */
export interface ExportContext {
  /** The export's timestamp (fixed in tests). */
  generatedAt: Date;
  /** The map's id on this server, when known: used to build stable identifiers and URIs. */
  mapId?: string;
  /** Base of URIs minted for the map's items, e.g. https://maps.example.org/maps/<id>. */
  baseUri?: string;
  /**
   * CASE only: where a CASE provider serves the package (`https://host/ims/case/v1p0`): URIs are
   * then `<caseUriBase>/CFItems/<identifier>` and so on, which answer on that server.
   */
  caseUriBase?: string;
  /**
   * The language the export is written in: the map's source language (`meta.language`, the
   * default) or one of its target languages (`meta.languages`), canonical BCP 47. The server
   * checks it (`&language=`); exporters read it through `exportLanguage`.
   */
  language?: string;
  /**
   * What the server knows now of the maps this map's units are matched with (the model's
   * MatchTargets), for formats that say `needsMatchTargets`; without it they read the snapshots
   * kept on the matches.
   */
  matchTargets?: MatchTargets;
  /**
   * The map's workshop as its public review document holds it (never a participant's private
   * document), for formats that say `needsWorkshop`; without it they read an empty workshop.
   */
  workshop?: WorkshopSnapshot;
}

/** The language an export is in: the context's, else the map's source language. */
export function exportLanguage(snapshot: MapSnapshot, context: ExportContext): string {
  return context.language ?? snapshot.meta.language;
}

/** The languages of a map, source first: what `&language=` may name. */
export function mapLanguages(snapshot: MapSnapshot): string[] {
  return [snapshot.meta.language, ...(snapshot.meta.languages ?? []).filter((tag) => tag !== snapshot.meta.language)];
}

/**
 * The snapshot read in the export's language: its nodes' translatable fields in that language,
 * the source's text where a translation is missing (`fallback` names those fields per node id).
 * `meta` is the map's own (its `language` stays the source language).
 */
export function snapshotIn(snapshot: MapSnapshot, language: string): { snapshot: MapSnapshot; fallback: ReadonlyMap<string, readonly string[]> } {
  if (language === snapshot.meta.language) return { snapshot, fallback: new Map() };
  const localized = localizedNodes(snapshot, language);
  return { snapshot: { ...snapshot, nodes: localized.nodes }, fallback: localized.fallback };
}

export interface ExportFormat {
  /** The `format=` value of the export endpoint. */
  id: string;
  /** File name extension, without the dot. */
  extension: string;
  /** Content type of the download. */
  mediaType: string;
  /** A short English name (the web app translates by id). */
  label: string;
  /** Text formats can be previewed in the export dialog. */
  text: boolean;
  /** Prints the source beside a translation: needs a target language (`language=`), refuses the source language. */
  bilingual?: boolean;
  /** Reads the partner maps' units as they are now (`context.matchTargets`): the server loads them first. */
  needsMatchTargets?: boolean;
  /** Reads the workshop (`context.workshop`): the server reads the map's review document first. */
  needsWorkshop?: boolean;
  run(snapshot: MapSnapshot, context: ExportContext): Promise<Uint8Array | string>;
}

/**
 * A file name from the map's title: letters, digits, spaces turned to dashes, nothing a file
 * system or a Content-Disposition header could choke on; never empty.
 */
export function fileNameFor(title: string, extension: string): string {
  const base = title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80);
  return `${base || 'map'}.${extension}`;
}
