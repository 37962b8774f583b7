/** The panes of the board view; presence says which one each person is in. */
export const BOARD_PANES = ['map', 'purpose', 'outcomes'] as const;
export type BoardPane = (typeof BOARD_PANES)[number];

/**
 * What each client publishes in Yjs awareness. `user.name` and `user.color` are also what Tiptap's
 * collaboration caret reads, so the same state labels carets in the Purpose pane.
 */
export interface PresenceState {
  /**
   * `name`, `role` and `key` are written by the server from the connection's access, whatever the client sent. `key`
   * is the same for every tab of one person (the server's `presenceKey`): the board counts people by it.
   */
  user: { name: string; color: string; role?: string; key?: string };
  pane?: BoardPane;
  /**
   * Canvas pointer, in canvas coordinates. Not called `cursor`: Tiptap's collaboration caret keeps each person's
   * text selection in the `cursor` field of the same presence, as `{anchor, head}`, and would read this as one.
   */
  pointer?: { x: number; y: number } | null;
  /** The map feature this person is editing (selected for editing in the Map pane), or null. */
  editing?: { featureId: string } | null;
  /** The canvas items this person has selected on the Outcomes pane (the map highlights what they link to). */
  selection?: { canvasItemIds: string[] } | null;
}

/** The canvas items a presence state says its user has selected (tolerant of malformed remote states). */
export function canvasSelectionOf(state: unknown): string[] {
  if (typeof state !== 'object' || state === null) return [];
  const selection = (state as { selection?: unknown }).selection;
  if (typeof selection !== 'object' || selection === null) return [];
  const ids = (selection as { canvasItemIds?: unknown }).canvasItemIds;
  return Array.isArray(ids) ? ids.filter((id): id is string => typeof id === 'string') : [];
}

/** The feature a presence state says its user is editing, if any (tolerant of malformed remote states). */
export function editingFeatureOf(state: unknown): string | undefined {
  if (typeof state !== 'object' || state === null) return undefined;
  const editing = (state as { editing?: unknown }).editing;
  if (typeof editing !== 'object' || editing === null) return undefined;
  const featureId = (editing as { featureId?: unknown }).featureId;
  return typeof featureId === 'string' && featureId.length > 0 ? featureId : undefined;
}

const PRESENCE_COLOURS = ['#005eb8', '#007f3b', '#8a1538', '#7c2855', '#00703c', '#330072', '#b35900', '#006747'];

/** A stable, readable colour for a name (contrast of at least 4.5:1 against white). */
export function presenceColour(name: string): string {
  let hash = 0;
  for (const char of name) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  return PRESENCE_COLOURS[hash % PRESENCE_COLOURS.length] as string;
}

/**
 * The name a share-link visitor is shown under, to everyone and in the audit log: the name they chose, marked as a
 * guest's. Visitors choose their own names, so without the mark one could pass for someone with an account on the
 * board ("Priya Shah") while agreeing or deciding for them.
 */
export function guestName(chosen: string): string {
  return `${chosen} (guest)`;
}
