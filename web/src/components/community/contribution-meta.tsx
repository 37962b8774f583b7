import { locationNote, type CommunityContribution, type NamedPlace } from '@placeboard/board';

/**
 * When and where a contribution was made ("27 Nov 2026, 04:00 · About 300 m from Easy Med Pharmacy (Pharmacies)"),
 * and, for moderators only, which community link it came from. Shown under its text in the Community tab and in the
 * panel a click on its point opens on the board map.
 */
export function ContributionMeta({ contribution, places, moderates }: { contribution: CommunityContribution; places: readonly NamedPlace[]; moderates: boolean }) {
  return (
    <p className="community-queue__meta">
      {new Date(contribution.createdAt).toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short' })} ·{' '}
      {locationNote(contribution.point, places)}
      {moderates && <> · from {contribution.createdBy}</>}
    </p>
  );
}
