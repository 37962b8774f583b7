export type { ProtocolMessage } from './messages.js';
export {
  MessageType,
  SyncStep,
  AUTH_PERMISSION_DENIED,
  AUTH_CAUGHT_UP,
  AUTH_STORED,
  ProtocolError,
  decodeMessage,
  carriesDocumentChange,
  encodeSyncStep1,
  encodeSyncStep2,
  encodeSyncUpdate,
  encodeAwarenessMessage,
  encodeQueryAwareness,
  encodePermissionDenied,
  encodeCaughtUp,
  encodeStored,
} from './messages.js';
export { CloseCode, type CloseCodeName } from './close-codes.js';
