import { addCanvasItem, addFeature, addGovernanceEntry, addLayer, addPartner, addPurpose, type BoardId, type Role } from '@placeboard/board';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchChromium, openBoardPage } from '../helpers/browser.js';
import { connectClient, type SyncClient } from '../helpers/clients.js';
import { createBoardViaApi, startTestServer, type TestServer } from '../helpers/server.js';
import { waitUntil } from '../helpers/wait.js';

/** What one page offers on the panes whose edits only plan editors may make. */
async function offered(page: Page) {
  const count = (testId: string) => page.getByTestId(testId).count();
  await page.getByTestId('tab-partners').click();
  await page.getByTestId('partner-row').first().waitFor();
  const partners = {
    addForm: await count('partner-add-form'),
    deleteButtons: await count('partner-delete'),
    editableFields: await page.locator('[data-testid="partner-row"] input, [data-testid="partner-row"] select, [data-testid="partner-row"] textarea').count(),
    movableCards: await page.locator('button[data-testid="partner-card"]').count(),
    raciSelects: await page.locator('select[data-testid="raci-cell"]').count(),
  };
  await page.getByTestId('tab-governance').click();
  await page.getByTestId('governance-row').first().waitFor();
  const governance = { addForms: await page.locator('details[data-testid^="governance-add-"]').count(), editButtons: await count('governance-edit') };
  await page.getByTestId('tab-purpose').click();
  await page.getByTestId('purpose-title').first().waitFor();
  const purpose = {
    addButton: await count('add-purpose'),
    titleReadOnly: await page.getByTestId('purpose-title').first().evaluate((el) => (el as HTMLInputElement).readOnly),
    deleteButtons: await count('purpose-delete'),
  };
  await page.getByTestId('tab-map').click();
  await page.getByTestId('layer-row').first().waitFor();
  const layers = {
    addForm: await count('add-layer-toggle'),
    toggleDisabled: await page.getByTestId('layer-toggle').first().isDisabled(),
    renameButtons: await count('layer-rename'),
  };
  // A feature, found by name and opened in the feature panel.
  await page.getByTestId('feature-search').fill('Sale');
  await page.getByTestId('feature-search-result').first().click();
  await page.getByTestId('feature-panel').waitFor();
  await page.getByTestId('property-row').first().waitFor();
  const feature = {
    actions: await page.locator('[data-testid="feature-panel"] :is([data-testid="feature-delete"], [data-testid="feature-edit-geometry"], [data-testid="shape-points"])').count(),
    inputs: await page.locator('[data-testid="feature-panel"] :is(input, select, textarea)').count(),
    forms: await page.locator('[data-testid="feature-panel"] form').count(),
    values: await page.locator('[data-testid="feature-panel"] [data-testid="property-row"]').evaluateAll((rows) =>
      rows.map((row) => `${row.getAttribute('data-key')}: ${(row.querySelector('input') as HTMLInputElement | null)?.value ?? row.querySelector('dd')?.textContent}`),
    ),
  };
  const hints = await page.getByTestId('view-only-hint').count();
  return { partners, governance, purpose, layers, feature, hints };
}

describe('view only: roles that cannot edit the plan are not offered its editing controls', () => {
  let server: TestServer;
  let browser: Browser;
  let boardId: string;
  let seed: SyncClient;

  beforeAll(async () => {
    server = await startTestServer();
    boardId = await createBoardViaApi(server, 'Roles board');
    seed = await connectClient(server, boardId);
    const author = { name: 'Test Owner' };
    addPartner(seed.doc, { organisation: 'Trafford Council', sector: 'local authority', commitment: 'engaged', lead: '', contact: '' }, author);
    addCanvasItem(seed.doc, { kind: 'outcome', x: 0, y: 0, text: 'Fewer falls' }, author);
    addGovernanceEntry(seed.doc, { kind: 'decision', title: 'Meet monthly' }, author);
    addPurpose(seed.doc, { title: 'Why we exist' }, author);
    const clinics = addLayer(seed.doc, { name: 'Clinics', kind: 'assets', style: { colour: '#005eb8' } }, author);
    addFeature(seed.doc, { layerId: clinics, geometry: { type: 'Point', coordinates: [-2.32, 53.42] }, properties: { name: 'Sale clinic', hours: '9 to 5' } }, author);
    await waitUntil(async () => (await server.rooms.peek(boardId as BoardId))?.doc.getMap('features').size === 1);
    browser = await launchChromium(inject('chromiumPath'));
  });

  afterAll(async () => {
    seed?.destroy();
    await browser?.close();
    await server?.close();
  });

  it('an editor gets the controls', async () => {
    const page = await openBoardPage(browser, server, boardId, 'Edith Editor', undefined, 'editor');
    const seen = await offered(page);
    expect(seen.partners).toEqual({ addForm: 1, deleteButtons: 1, editableFields: 8, movableCards: 1, raciSelects: 1 });
    expect(seen.governance).toEqual({ addForms: 3, editButtons: 1 });
    expect(seen.purpose).toEqual({ addButton: 1, titleReadOnly: false, deleteButtons: 1 });
    expect(seen.layers).toEqual({ addForm: 1, toggleDisabled: false, renameButtons: 1 });
    // Edit shape and delete; the two values, the new field's name and value, and the outcome card to link.
    expect(seen.feature).toEqual({ actions: 3, inputs: 5, forms: 2, values: ['name: Sale clinic', 'hours: 9 to 5'] });
    expect(seen.hints).toBe(0);
    await page.context().close();
  });

  for (const role of ['viewer', 'contributor'] satisfies Role[]) {
    it(`a ${role} reads the same board with no editing controls and a "View only" hint where each form was`, async () => {
      const page = await openBoardPage(browser, server, boardId, `${role} person`, undefined, role);
      const seen = await offered(page);
      expect(seen.partners).toEqual({ addForm: 0, deleteButtons: 0, editableFields: 0, movableCards: 0, raciSelects: 0 });
      expect(seen.governance).toEqual({ addForms: 0, editButtons: 0 });
      expect(seen.purpose).toEqual({ addButton: 0, titleReadOnly: true, deleteButtons: 0 });
      expect(seen.layers).toEqual({ addForm: 0, toggleDisabled: true, renameButtons: 0 });
      expect(seen.feature).toEqual({ actions: 0, inputs: 0, forms: 0, values: ['name: Sale clinic', 'hours: 9 to 5'] });
      // Partners, three governance sections, purpose, layers and the feature.
      expect(seen.hints).toBe(7);
      expect(await page.getByTestId('partner-field-organisation').first().textContent()).toBe('Trafford Council');
      expect(await page.getByTestId('access-notice').count()).toBe(0);
      await page.context().close();
    });
  }
});
