/** Why a change to a board's map was refused before anything was written. */
export type MapChangeRefusal = 'layer_not_found' | 'invalid_join' | 'nothing_matched' | 'not_areas' | 'board_full';

/**
 * Thrown by the map-change functions of this folder when a request cannot be carried out. They check everything
 * before they write, so when this is thrown the board is unchanged.
 */
export class MapChangeRefused extends Error {
  override name = 'MapChangeRefused';
  constructor(
    readonly reason: MapChangeRefusal,
    message: string,
  ) {
    super(message);
  }
}
