import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  BOARD_TEMPLATES,
  applyTemplate,
  getBoardMeta,
  getPurposeFragment,
  getTemplate,
  initBoard,
  listCanvasItems,
  listGovernanceEntries,
  listPartners,
  listPurposes,
  validateBoardDocument,
} from './index.js';

const author = { name: 'Placeboard', now: () => 5 };

function fromTemplate(id: string): Y.Doc {
  const doc = new Y.Doc();
  initBoard(doc, { title: 'From template' });
  const template = getTemplate(id);
  if (!template) throw new Error(`no template ${id}`);
  applyTemplate(doc, template, author);
  return doc;
}

describe('board templates', () => {
  it('have unique ids, a name and a description, and blank is first', () => {
    expect(BOARD_TEMPLATES[0]?.id).toBe('blank');
    expect(new Set(BOARD_TEMPLATES.map((t) => t.id)).size).toBe(BOARD_TEMPLATES.length);
    for (const t of BOARD_TEMPLATES) expect(t.name && t.description).toBeTruthy();
    expect(getTemplate('nope')).toBeUndefined();
  });

  it('blank adds nothing but the template id', () => {
    const doc = fromTemplate('blank');
    expect(getBoardMeta(doc).template).toBe('blank');
    expect(listPurposes(doc)).toEqual([]);
    expect(listCanvasItems(doc)).toEqual([]);
    expect(listPartners(doc)).toEqual([]);
    expect(listGovernanceEntries(doc)).toEqual([]);
  });

  it('every template writes records that all read as valid', () => {
    for (const template of BOARD_TEMPLATES) {
      const doc = fromTemplate(template.id);
      expect(validateBoardDocument(doc)).toBeUndefined();
      for (const list of [listPurposes(doc), listCanvasItems(doc), listPartners(doc), listGovernanceEntries(doc)]) {
        expect(list.filter((r) => !r.ok), template.id).toEqual([]);
      }
      expect(listPartners(doc)).toHaveLength(template.partners.length);
      expect(listGovernanceEntries(doc)).toHaveLength(template.governance.length);
      expect(listCanvasItems(doc)).toHaveLength(template.canvas.length);
    }
  });

  it('neighbourhood MDT: cohort prompts as rich text, outcome frames, sector placeholders, governance headings', () => {
    const doc = fromTemplate('neighbourhood-mdt');
    const purposes = listPurposes(doc).flatMap((r) => (r.ok ? [r.value] : []));
    expect(purposes).toHaveLength(1);
    const fragment = getPurposeFragment(doc, purposes[0]!.id)!;
    const xml = fragment.toString();
    expect(xml).toContain('<heading level="2">Who the MDT is for</heading>');
    // toString() lower-cases names; Tiptap needs the camel-case node names themselves.
    const names = fragment.toArray().map((node) => (node as Y.XmlElement).nodeName);
    expect(names).toEqual(['heading', 'bulletList', 'heading', 'paragraph', 'heading', 'paragraph']);
    expect(((fragment.get(1) as Y.XmlElement).get(0) as Y.XmlElement).nodeName).toBe('listItem');
    expect((fragment.get(0) as Y.XmlElement).getAttribute('level')).toBe(2);
    expect(xml).toContain('<paragraph>Which people?');
    const frames = listCanvasItems(doc).flatMap((r) => (r.ok && r.value.kind === 'frame' ? [r.value.text] : []));
    expect(frames).toEqual(['Prevention', 'Proactive care', 'Urgent response']);
    const partners = listPartners(doc).flatMap((r) => (r.ok ? [r.value] : []));
    expect(partners.some((p) => p.organisation === 'Add your GP practice(s)' && p.sector === 'NHS')).toBe(true);
    expect(partners.every((p) => p.commitment === 'unknown')).toBe(true);
    expect(new Set(partners.map((p) => p.sector))).toEqual(new Set(['NHS', 'local authority', 'social care', 'VCSE', 'community']));
    const titles = listGovernanceEntries(doc).flatMap((r) => (r.ok ? [`${r.value.kind}: ${r.value.title}`] : []));
    expect(titles).toContain('decision: Decision: agree the cohort');
    expect(titles).toContain('data-sharing: Data sharing: MDT case list');
    expect(titles.some((t) => t.startsWith('risk: Risk:'))).toBe(true);
  });

  it('is applied in one transaction', () => {
    const doc = new Y.Doc();
    initBoard(doc, { title: 'x' });
    let transactions = 0;
    doc.on('afterTransaction', () => transactions++);
    applyTemplate(doc, getTemplate('neighbourhood-mdt')!, author);
    expect(transactions).toBe(1);
  });
});
