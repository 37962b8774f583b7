export type { Brand, BoardId, RecordId } from './ids.js';
export { newRecordId, newBoardId, isBoardId } from './ids.js';
export type { RootName, RecordMap, BoardRoots } from './roots.js';
export { ROOT_NAMES, isRootName, getRoots } from './roots.js';
export type { Author, ReadResult } from './records/record.js';
export { readRecord, recordBaseSchema } from './records/record.js';
export type { BoardMeta, Viewport } from './records/meta.js';
export { BOARD_TITLE_MAX_LENGTH, boardMetaSchema, viewportSchema } from './records/meta.js';
export type { Purpose } from './records/purpose.js';
export { purposeSchema, PURPOSE_CONTENT_KEY } from './records/purpose.js';
export type { MapLayer, LayerKind, LayerStyle } from './records/layer.js';
export { layerSchema, layerStyleSchema, LAYER_KINDS } from './records/layer.js';
export type { MapFeature, Geometry } from './records/feature.js';
export { featureSchema, geometrySchema } from './records/feature.js';
export type { CanvasItem, CanvasItemKind, AgreementState } from './records/canvas-item.js';
export { canvasItemSchema, CANVAS_ITEM_KINDS, CANVAS_ITEM_DEFAULTS, AGREEMENT_STATES } from './records/canvas-item.js';
export type { Partner, PartnerSector, PartnerCommitment } from './records/partner.js';
export { partnerSchema, PARTNER_SECTORS, PARTNER_COMMITMENTS } from './records/partner.js';
export type { GovernanceEntry, GovernanceKind, DpiaStatus } from './records/governance-entry.js';
export {
  governanceEntrySchema,
  governanceEntryProblems,
  GOVERNANCE_KINDS,
  LAWFUL_BASES,
  ARTICLE_9_CONDITIONS,
  DPIA_STATUSES,
  GOVERNANCE_STATUSES,
} from './records/governance-entry.js';
export type { CommentThread } from './records/comment-thread.js';
export { commentThreadSchema } from './records/comment-thread.js';
export type { CommunityContribution } from './records/community-contribution.js';
export { communityContributionSchema, CONTRIBUTION_STATUSES } from './records/community-contribution.js';
export { initBoard, getBoardMeta, setBoardTitle, validateBoardDocument } from './board.js';
export { addPurpose, listPurposes, getPurposeFragment, updatePurpose, deletePurpose } from './purposes.js';
export type { PurposeFields } from './purposes.js';
export { movePurpose, parseCohortSize } from './purposes.js';
export type { CohortSize } from './records/purpose.js';
export { cohortSizeSchema } from './records/purpose.js';
export type { CommentAnchor, CommentAnchorKind, CommentMessage, RelativePositionJSON } from './records/comment-thread.js';
export {
  commentAnchorSchema,
  commentMessageSchema,
  relativePositionJSONSchema,
  COMMENT_ANCHOR_KINDS,
} from './records/comment-thread.js';
export type { ThreadFilter, ResolvedTextAnchor } from './comments.js';
export {
  addCommentThread,
  replyToThread,
  setThreadResolved,
  deleteThread,
  deleteThreadsAnchoredTo,
  listThreads,
  relativePositionToAnchorJSON,
  resolveTextAnchor,
  textAnchorText,
  InvalidCommentError,
} from './comments.js';
export type { NewCanvasItem, CanvasItemPatch } from './canvas.js';
export {
  addCanvasItem,
  listCanvasItems,
  getCanvasItem,
  updateCanvasItem,
  bringCanvasItemToFront,
  deleteCanvasItem,
  setCanvasVote,
} from './canvas.js';
export type { NewMapLayer, NewMapFeature } from './map.js';
export {
  addLayer,
  listLayers,
  updateLayer,
  deleteLayer,
  layerOrderBetween,
  moveLayer,
  addFeature,
  addFeatures,
  getFeature,
  listFeatures,
  featuresByLayer,
  setFeatureGeometry,
  setFeatureProperty,
  deleteFeature,
  featureToGeoJSON,
} from './map.js';
export type { Migration } from './migrations.js';
export {
  MIGRATIONS,
  CURRENT_SCHEMA_VERSION,
  MIGRATION_ORIGIN,
  BoardTooNewError,
  migrateBoard,
  schemaVersionOf,
} from './migrations.js';
export type { BoardPane, PresenceState } from './presence.js';
export { BOARD_PANES, presenceColour, editingFeatureOf, guestName } from './presence.js';
export type { DemoData, FeatureCollectionInput } from './demo.js';
export { seedDemoBoard, DEMO_BOARD_TITLE, DEMO_COMMUNITY_GROUP, DEMO_PARTNER_NOTE, IMD_DECILE_RAMP } from './demo.js';
export { LAYER_PALETTE, nextLayerColour } from './palette.js';
export type { AgreementEntry, OutcomeCard } from './records/canvas-item.js';
export { agreementEntrySchema, STICKY_COLOURS } from './records/canvas-item.js';
export type { OutcomeFields, CanvasPlacement, CanvasAlignment } from './canvas.js';
export {
  deleteCanvasItems,
  addConnector,
  connectorEnds,
  isInsideFrame,
  frameMembers,
  withFrameMembers,
  placeCanvasItems,
  moveCanvasItems,
  alignPlacements,
  alignCanvasItems,
  CANVAS_ALIGNMENTS,
  linkedFeatureIds,
  canvasItemsLinkedToFeature,
} from './canvas.js';
export type { AgreementRow, AgreementSummary } from './agreement.js';
export { setAgreement, agreementRows, agreementSummary } from './agreement.js';
export type { VoteSession } from './records/vote-session.js';
export { voteSessionSchema, VOTE_SESSION_KEY } from './records/vote-session.js';
export type { NewVoteSession } from './voting.js';
export {
  getVoteSession,
  startVoteSession,
  revealVotes,
  endVoteSession,
  isVotingOpen,
  remainingMs,
  formatCountdown,
  votesUsed,
  votesLeft,
  canPlaceVote,
  canRemoveVote,
  voteTotal,
  visibleVotes,
  placeVote,
  removeVote,
} from './voting.js';
export type { BoardUndoOptions } from './undo.js';
export { createBoardUndoManager } from './undo.js';
export { canvasSelectionOf } from './presence.js';
export type { NewPartner, PartnerPatch, PartnerSortKey, SortDirection } from './partners.js';
export { addPartner, updatePartner, deletePartner, listPartners, sortPartners, PARTNER_SORT_KEYS } from './partners.js';
export type {
  NewGovernanceEntry,
  GovernanceEntryPatch,
  GovernanceSortKey,
  RiskRating,
} from './governance.js';
export {
  addGovernanceEntry,
  updateGovernanceEntry,
  deleteGovernanceEntry,
  listGovernanceEntries,
  sortGovernanceEntries,
  riskScore,
  riskRating,
  governanceCsvRows,
  GovernanceEntryRefused,
  RISK_RATING_LABELS,
  GOVERNANCE_CSV_COLUMNS,
} from './governance.js';
export type { RaciRole, OutcomeSummary, SetAccountabilityResult } from './accountability.js';
export {
  setAccountability,
  accountabilityOf,
  listOutcomes,
  outcomesWithSeveralAccountable,
  RACI_ROLES,
  RACI_LABELS,
  ACCOUNTABILITY_KEY,
} from './accountability.js';
export type { BoardTemplate, TemplateBlock, TemplatePurpose } from './templates.js';
export { BOARD_TEMPLATES, TEMPLATE_IDS, getTemplate, applyTemplate } from './templates.js';
export type { Role } from './roles.js';
export {
  ROLES,
  ROLE_LABELS,
  isRole,
  canEditPlan,
  canModerate,
  canManageAccess,
  canContribute,
  canReadAudit,
} from './roles.js';
export type { ContributionStatus, ContributionConversion } from './records/community-contribution.js';
export { contributionConversionSchema, CONTRIBUTION_CONVERSION_KINDS } from './records/community-contribution.js';
export type { CommunityCategory, NewContribution, PublicContribution } from './community.js';
export {
  COMMUNITY_CATEGORIES,
  COMMUNITY_CATEGORY_LABELS,
  CONTRIBUTION_TEXT_MAX,
  isCommunityCategory,
  communityCategoryLabel,
  addContribution,
  getContribution,
  listContributions,
  publishedContributions,
  communityCsv,
  COMMUNITY_CSV_COLUMNS,
  toPublicContribution,
  setContributionStatus,
  contributionToFeature,
  contributionToSticky,
  ContributionRefused,
} from './community.js';
export { setLayerPublished } from './map.js';
export type {
  BoardDiff,
  DiffChange,
  TextDiff,
  TextDiffPart,
  FieldChange,
  FeatureRef,
  FeatureChanges,
  LayerDiff,
  PurposeDiff,
  CanvasItemDiff,
  CanvasItemRef,
  PartnerDiff,
  GovernanceDiff,
  SectionCounts,
} from './versions.js';
export { diffBoards, restoreBoard, boardFromState, diffText, fragmentText } from './versions.js';
export type { MapView } from './records/map-view.js';
export { mapViewSchema, MAP_VIEWS_KEY, MAP_VIEW_NAME_MAX } from './records/map-view.js';
export type { NewMapView } from './map-views.js';
export { addMapView, listMapViews, getMapView, renameMapView, deleteMapView } from './map-views.js';
export type { Slide, SlideKind } from './records/slide.js';
export { SLIDE_KINDS, SLIDE_NOTES_KEY, SLIDE_NOTES_MAX, slideKeyOf } from './records/slide.js';
export { buildSlides, setSlideNotes, getSlideNotes, PARTNERS_SLIDE_TITLE, COMMUNITY_SLIDE_TITLE, GOVERNANCE_SLIDE_TITLE } from './slides.js';
export type { LegendEntry, LayerLegend } from './layer-colours.js';
export {
  NO_DATA_COLOUR,
  indicatorClassStarts,
  indicatorClassOf,
  categoryColourOf,
  featureFillColour,
  layerLegend,
} from './layer-colours.js';
export { dedupeCredits, isBasemapCredit } from './credits.js';
export type { NamedPlace } from './location-note.js';
export { distanceMetres, locationNote, readNamedPlaces } from './location-note.js';
