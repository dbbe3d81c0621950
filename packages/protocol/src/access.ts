/**
 * Who may do what with a map. A share link carries a capability token for one role; the server
 * checks the role on every request and every sync message. The web app only hides what a role
 * cannot do.
 */
export const ROLES = ['owner', 'editor', 'commenter', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/** What each role may do, from the most to the least powerful. */
export const Permission = {
  /** Rename or delete the map, manage its links, restore versions. */
  manage: ['owner'],
  /** Change the map itself: nodes, links, fields, title. */
  edit: ['owner', 'editor'],
  /** Write comments and unit sign-offs (the map's review document). */
  review: ['owner', 'editor', 'commenter'],
  /** Open, follow live, export. */
  view: ['owner', 'editor', 'commenter', 'viewer'],
} as const satisfies Record<string, readonly Role[]>;
export type Permission = keyof typeof Permission;

export function can(role: Role | null | undefined, permission: Permission): boolean {
  return role != null && (Permission[permission] as readonly Role[]).includes(role);
}
