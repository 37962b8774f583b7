import type * as Y from 'yjs';
import { listPartners, type Author, type Partner } from '@placeboard/board';
import { AnnouncerProvider } from '../../lib/announce';
import { useBoardValue } from '../../hooks/use-y-observe';
import { AccountabilityMatrix } from './accountability-matrix';
import { PartnerMap } from './partner-map';
import { PartnerRegister } from './partner-register';
import './partners.css';

/** The Partners pane: the register, the partner map and the accountability matrix, all live. */
export function PartnersPane({ doc, author }: { doc: Y.Doc; author: Author }) {
  const results = useBoardValue(doc, ['partners'], listPartners);
  const partners: Partner[] = results.flatMap((r) => (r.ok ? [r.value] : []));
  const broken = results.filter((r) => !r.ok);
  return (
    <AnnouncerProvider>
      <div className="partners-pane">
        {broken.length > 0 && (
          <ul className="broken-items" aria-label="Partner records that cannot be shown">
            {broken.map((r) => (
              <li key={r.ok ? '' : r.id} className="broken-item">
                A partner record could not be read
              </li>
            ))}
          </ul>
        )}
        <PartnerRegister doc={doc} author={author} partners={partners} />
        <PartnerMap doc={doc} author={author} partners={partners} />
        <AccountabilityMatrix doc={doc} partners={partners} />
      </div>
    </AnnouncerProvider>
  );
}
