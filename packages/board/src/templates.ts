import * as Y from 'yjs';
import { addCanvasItem, type NewCanvasItem } from './canvas.js';
import { addGovernanceEntry, type NewGovernanceEntry } from './governance.js';
import { addPartner, type NewPartner } from './partners.js';
import { addPurpose, getPurposeFragment } from './purposes.js';
import type { Author } from './records/record.js';
import { getRoots } from './roots.js';

/** A block of a purpose's rich text in a template: the Tiptap (ProseMirror) node it becomes. */
export type TemplateBlock =
  | { type: 'heading'; level: 2 | 3; text: string }
  | { type: 'paragraph'; text: string }
  | { type: 'bulletList'; items: string[] };

/** A purpose statement a template starts the board with. */
export interface TemplatePurpose {
  title: string;
  cohort?: string;
  blocks: TemplateBlock[];
}

/**
 * A board template: plain data that {@link applyTemplate} writes into a new board on the server. Adding a
 * template means adding data here, never a code path.
 */
export interface BoardTemplate {
  id: string;
  name: string;
  description: string;
  purposes: TemplatePurpose[];
  canvas: NewCanvasItem[];
  partners: NewPartner[];
  governance: NewGovernanceEntry[];
}

const BLANK: BoardTemplate = {
  id: 'blank',
  name: 'Blank',
  description: 'An empty board: no purpose, outcomes, partners or governance entries yet.',
  purposes: [],
  canvas: [],
  partners: [],
  governance: [],
};

const NEIGHBOURHOOD_MDT: BoardTemplate = {
  id: 'neighbourhood-mdt',
  name: 'Neighbourhood MDT',
  description:
    'A neighbourhood multidisciplinary team: a purpose with cohort prompts, outcome frames for prevention, ' +
    'proactive care and urgent response, a placeholder partner for each sector and the first governance entries.',
  purposes: [
    {
      title: 'Why our neighbourhood MDT exists',
      cohort: 'Who: … Where: … Roughly how many: …',
      blocks: [
        { type: 'heading', level: 2, text: 'Who the MDT is for' },
        {
          type: 'bulletList',
          items: [
            'Which people? (for example adults with two or more long-term conditions, moderate or severe frailty, or frequent unplanned admissions)',
            'Where do they live? (practices, wards or LSOAs in the neighbourhood)',
            'Roughly how many people is that, and where does the number come from?',
          ],
        },
        { type: 'heading', level: 2, text: 'What we will do differently' },
        { type: 'paragraph', text: 'Describe in two or three sentences how the team will work together around these people.' },
        { type: 'heading', level: 2, text: 'How we will know it is working' },
        { type: 'paragraph', text: 'Name the outcomes on the canvas that matter most, and who will report on them.' },
      ],
    },
  ],
  canvas: [
    { kind: 'frame', x: 0, y: 0, w: 600, h: 420, text: 'Prevention' },
    { kind: 'frame', x: 640, y: 0, w: 600, h: 420, text: 'Proactive care' },
    { kind: 'frame', x: 1280, y: 0, w: 600, h: 420, text: 'Urgent response' },
  ],
  partners: [
    { organisation: 'Add your GP practice(s)', sector: 'NHS', commitment: 'unknown', role: 'Clinical lead for the cohort' },
    { organisation: 'Add your community health services provider', sector: 'NHS', commitment: 'unknown', role: 'Community nursing and therapies' },
    { organisation: 'Add your council (adult social care)', sector: 'local authority', commitment: 'unknown', role: 'Social work and commissioning' },
    { organisation: 'Add your home care or care home providers', sector: 'social care', commitment: 'unknown' },
    { organisation: 'Add your voluntary and community sector partners', sector: 'VCSE', commitment: 'unknown', role: 'Social prescribing and support' },
    { organisation: 'Add community groups and residents’ groups', sector: 'community', commitment: 'unknown' },
  ],
  governance: [
    { kind: 'decision', title: 'Decision: agree the cohort', status: 'open', rationale: 'Record who agreed the cohort definition, when and why.' },
    { kind: 'decision', title: 'Decision: agree the MDT terms of reference', status: 'open' },
    {
      kind: 'data-sharing',
      title: 'Data sharing: MDT case list',
      purpose: 'Direct care: discussing people on the MDT case list',
      status: 'open',
      includesHealthData: true,
      lawfulBasis: '6(1)(e)',
      article9Condition: '9(2)(h)',
      dpiaStatus: 'not started',
    },
    {
      kind: 'risk',
      title: 'Risk: partners cannot attend MDT meetings regularly',
      status: 'open',
      likelihood: 3,
      impact: 3,
      mitigation: 'Agree a fixed slot and a deputy for each partner.',
    },
    {
      kind: 'risk',
      title: 'Risk: case list shared before the data-sharing agreement is signed',
      status: 'open',
      likelihood: 2,
      impact: 5,
      mitigation: 'No names on the case list until the DPIA is complete.',
    },
  ],
};

/** Every board template, in the order the "New board" picker lists them. */
export const BOARD_TEMPLATES: readonly BoardTemplate[] = [BLANK, NEIGHBOURHOOD_MDT];

/** Ids of the templates, for request validation. */
export const TEMPLATE_IDS = BOARD_TEMPLATES.map((template) => template.id);

/** The template with this id, or undefined. */
export function getTemplate(id: string): BoardTemplate | undefined {
  return BOARD_TEMPLATES.find((template) => template.id === id);
}

function block(input: TemplateBlock): Y.XmlElement {
  if (input.type === 'bulletList') {
    const list = new Y.XmlElement('bulletList');
    list.insert(
      0,
      input.items.map((text) => {
        const item = new Y.XmlElement('listItem');
        item.insert(0, [textElement('paragraph', text)]);
        return item;
      }),
    );
    return list;
  }
  const element = textElement(input.type, input.text);
  // y-prosemirror keeps node attributes as XML attributes, values as they are (a number for a heading level).
  if (input.type === 'heading') element.setAttribute('level', input.level as unknown as string);
  return element;
}

function textElement(name: string, text: string): Y.XmlElement {
  const element = new Y.XmlElement(name);
  element.insert(0, [new Y.XmlText(text)]);
  return element;
}

/**
 * Writes a template's purposes, canvas items, partners and governance entries into a board (one transaction)
 * and records the template id in `meta.template`. Generic over the data: no template has code of its own.
 */
export function applyTemplate(doc: Y.Doc, template: BoardTemplate, author: Author): void {
  doc.transact(() => {
    getRoots(doc).meta.set('template', template.id);
    for (const purpose of template.purposes) {
      const id = addPurpose(doc, { title: purpose.title, ...(purpose.cohort === undefined ? {} : { cohort: purpose.cohort }) }, author);
      getPurposeFragment(doc, id)?.insert(0, purpose.blocks.map(block));
    }
    for (const item of template.canvas) addCanvasItem(doc, item, author);
    for (const partner of template.partners) addPartner(doc, partner, author);
    for (const entry of template.governance) addGovernanceEntry(doc, entry, author);
  });
}
