import { kindSpec } from '../kinds.js';
import type { MapNode } from '../schema.js';

export const TITLE_LIMIT = 60;

/** Whitespace collapsed, cut at a word boundary to at most `limit` characters (with "…"). */
const UNTIDY_SPACE = /\s\s|[\t\n\r\f\v\u00a0]|^\s|\s$/;

export function shorten(text: string, limit = TITLE_LIMIT): string {
  const clean = UNTIDY_SPACE.test(text) ? text.replace(/\s+/g, ' ').trim() : text;
  if (clean.length <= limit) return clean;
  const cut = clean.slice(0, limit - 1);
  const space = cut.lastIndexOf(' ');
  return (space > limit / 2 ? cut.slice(0, space) : cut).replace(/[\s,.;:–-]+$/, '') + '…';
}

/** `WA 3 "Cut hair"`, `WA 3`, `"Cut hair"` or `(untitled)`. */
export function labelOf(node: MapNode): string {
  return label(node.code.trim(), shorten(node.title));
}

function label(code: string, title: string): string {
  if (code && title) return `${code} "${title}"`;
  if (code) return code;
  if (title) return `"${title}"`;
  return '(untitled)';
}

/** `Work action WA 3 "Cut hair"`. */
export function describe(node: MapNode): string {
  return `${kindSpec(node.kind)?.label ?? node.kind} ${labelOf(node)}`;
}

/** `work action WA 3 "Cut hair"`, for the middle of a sentence. */
export function describeLower(node: MapNode): string {
  const name = kindSpec(node.kind)?.label ?? node.kind;
  return `${name.charAt(0).toLowerCase()}${name.slice(1)} ${labelOf(node)}`;
}

/** The params every issue about one node carries. */
export function nodeParams(node: MapNode): Record<string, string> {
  const code = node.code.trim();
  const title = shorten(node.title);
  return { code, title, label: label(code, title) };
}

/** 120, 7.5, 33.33: points as people write them. */
export function formatNumber(value: number): string {
  return String(Math.round(value * 100) / 100);
}

export function plural(count: number, one: string, many: string): string {
  return count === 1 ? one : many;
}
