/** Longest display name a share-link visitor may give (the server accepts up to 100; presence labels stay short). */
export const DISPLAY_NAME_MAX = 60;
