import type { Importer } from './http/interchange-api.js';

/** The file formats POST /api/maps/import reads, by `format=`. */
export const IMPORTERS: Readonly<Record<string, Importer>> = {};
