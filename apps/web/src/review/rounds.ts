/**
 * The partner institutions the owner types when opening a round: one per line (or separated by
 * semicolons — names themselves may hold commas: "CFP, Bologna"). Blank and repeated ones dropped.
 */
export function institutionsFromText(text: string): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const part of text.split(/[\n;]/)) {
    const name = part.replace(/\s+/g, ' ').trim();
    const key = name.toLowerCase();
    if (!name || seen.has(key)) continue;
    seen.add(key);
    out.push(name);
  }
  return out;
}
