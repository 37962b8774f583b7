/**
 * Roles a person or a share link holds on one board (DESIGN.md "Permissions, enforced on the server").
 * The server is the guard; the web app reads the same helpers only to hide what a role cannot do.
 *
 * - **owner**: everything, including members, share links and other access settings.
 * - **editor**: the partners' plan: everything but access settings and publishing community contributions.
 * - **moderator**: an editor who also publishes, hides and converts community contributions.
 * - **contributor**: community groups: adds to `community` and `comments` only, and changes only what it created.
 * - **viewer**: reads, and shows presence; changes nothing.
 */
export const ROLES = ['owner', 'editor', 'moderator', 'contributor', 'viewer'] as const;

/** One board role. */
export type Role = (typeof ROLES)[number];

/** True when `value` names a role. */
export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/** True when the role may change the partners' plan (every root but `community` status and access). */
export function canEditPlan(role: Role): boolean {
  return role === 'owner' || role === 'editor' || role === 'moderator';
}

/** True when the role may publish, hide and convert community contributions. */
export function canModerate(role: Role): boolean {
  return role === 'owner' || role === 'moderator';
}

/** True when the role may manage members, share links and other access settings. */
export function canManageAccess(role: Role): boolean {
  return role === 'owner';
}

/** True when the role may add comments and community contributions. */
export function canContribute(role: Role): boolean {
  return role !== 'viewer';
}

/** True when the role may read the board's audit log. */
export function canReadAudit(role: Role): boolean {
  return role === 'owner' || role === 'moderator' || role === 'editor';
}

/** What each role is called in the interface, with one line on what it may do. */
export const ROLE_LABELS: Record<Role, { label: string; description: string }> = {
  owner: { label: 'Owner', description: 'Everything, including members and share links' },
  editor: { label: 'Editor', description: 'Edits the plan; cannot change who has access' },
  moderator: { label: 'Moderator', description: 'Editor who also publishes community contributions' },
  contributor: { label: 'Contributor', description: 'Adds comments and local knowledge only' },
  viewer: { label: 'Viewer', description: 'Reads the board; changes nothing' },
};
