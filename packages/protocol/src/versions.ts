/**
 * Saved versions of a map. Each carries a machine-readable `kind`; `name` is what people read.
 */
export const VersionKind = {
  /** A person saved it under a name they chose. */
  Named: 'named',
  /** The server's automatic checkpoint (while the map is edited, and when its room unloads). */
  Auto: 'auto',
  /** The state just before a restore, saved by the server so that the restore can be undone. */
  Backup: 'backup',
} as const;
export type VersionKind = (typeof VersionKind)[keyof typeof VersionKind];

/** Name the server gives its automatic checkpoints (English, like every other server text). */
export const AUTOMATIC_CHECKPOINT_NAME = 'Automatic checkpoint';

/** Name the server gives the state it saves before restoring the version named `restored`. */
export function beforeRestoringName(restored: string): string {
  return `Before restoring “${restored}”`;
}

/** What `versionKindOf` reads: a version as listed now, or as stored before `kind` existed. */
export interface VersionKindSource {
  name: string;
  auto: boolean;
  kind?: VersionKind | undefined;
  restoredName?: string | undefined;
}

const BEFORE_RESTORING = /^Before restoring “([\s\S]*)”$/;

/**
 * A version's kind, and for a backup the name of the version then restored. Versions saved
 * before `kind` existed carry only `auto` and the server's English names: this is the one place
 * that reads those names, to migrate such records.
 */
export function versionKindOf(version: VersionKindSource): { kind: VersionKind; restoredName?: string } {
  if (version.kind !== undefined) {
    return version.restoredName === undefined ? { kind: version.kind } : { kind: version.kind, restoredName: version.restoredName };
  }
  if (!version.auto) return { kind: VersionKind.Named };
  const restoring = BEFORE_RESTORING.exec(version.name);
  if (restoring) return { kind: VersionKind.Backup, restoredName: restoring[1]! };
  return { kind: VersionKind.Auto };
}
