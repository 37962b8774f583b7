import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchChromium, openBoardPage } from '../helpers/browser.js';
import * as Y from 'yjs';
import { addPurpose, getPurposeFragment, listPartners, listPurposes, type BoardId } from '@placeboard/board';
import { connectClient } from '../helpers/clients.js';
import { REPO_ROOT, addMember, createBoardViaApi, ownerFetch, startTestServer, type TestServer } from '../helpers/server.js';
import { waitUntil } from '../helpers/wait.js';

const ARTIFACTS = path.join(REPO_ROOT, 'test', 'artifacts');

const card = (page: Page, kind: string, text: string): Locator =>
  page.locator(`[data-testid="canvas-item"][data-kind="${kind}"]`).filter({ hasText: text });

async function itemIdOf(locator: Locator): Promise<string> {
  return (await locator.getAttribute('data-item-id'))!;
}

describe('agreeing a plan: partners, outcomes, votes, agreement, purpose and comments, across two pages', () => {
  let server: TestServer;
  let browser: Browser;
  let alice: Page;
  let bob: Page;
  let boardId: string;

  beforeAll(async () => {
    server = await startTestServer();
    boardId = await createBoardViaApi(server, 'Falls prevention plan');
    // A layer to link an outcome to.
    const form = new FormData();
    form.set('file', new Blob([fs.readFileSync(path.join(REPO_ROOT, 'server/demo-data/gp_practices.geojson'))]), 'gp_practices.geojson');
    form.set('layerName', 'GP practices');
    const imported = await ownerFetch(server, `/api/boards/${boardId}/import`, { method: 'POST', body: form });
    expect(imported.status).toBe(201);
    browser = await launchChromium(inject('chromiumPath'));
    alice = await openBoardPage(browser, server, boardId, 'Alice', { width: 1400, height: 950 });
    bob = await openBoardPage(browser, server, boardId, 'Bob', { width: 1400, height: 950 });
    fs.mkdirSync(ARTIFACTS, { recursive: true });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('a partner added in the register appears in the other page', async () => {
    await alice.getByTestId('tab-partners').click();
    await bob.getByTestId('tab-partners').click();
    await alice.getByTestId('partner-add-organisation').fill('Trafford Council');
    await alice.getByTestId('partner-add-sector').selectOption('local authority');
    await alice.getByTestId('partner-add-submit').click();
    await waitUntil(async () => (await bob.getByTestId('partner-row').count()) === 1);
    expect(await bob.getByTestId('partner-row').first().getByTestId('partner-field-organisation').inputValue()).toBe('Trafford Council');
  });

  it('the partner map moves a card by keyboard, by drag and by tap, and the other page sees each move', async () => {
    const cardOn = (page: Page): Locator => page.getByTestId('partner-map').getByRole('button', { name: /^Trafford Council/ });
    const cellOf = async (page: Page): Promise<string> => {
      const cell = page.getByTestId('partner-map-cell').filter({ has: page.locator('[data-testid="partner-card"]', { hasText: 'Trafford Council' }) });
      return `${await cell.getAttribute('data-sector')}|${await cell.getAttribute('data-commitment')}`;
    };
    const bobSees = (cell: string) => waitUntil(async () => (await cellOf(bob).catch(() => '')) === cell);
    expect(await cellOf(alice)).toBe('local authority|unknown');

    // Keyboard: Enter picks it up, arrows choose the cell, Enter puts it down.
    await cardOn(alice).focus();
    await alice.keyboard.press('Enter');
    await alice.keyboard.press('ArrowUp');
    await alice.keyboard.press('ArrowUp');
    await alice.keyboard.press('ArrowRight');
    await alice.keyboard.press('Enter');
    await bobSees('social care|engaged');
    // The card's name is its visible text, then where it sits.
    expect(await cardOn(bob).getAttribute('aria-label')).toBeNull();
    await waitUntil(async () => /^Trafford Council\s*: Social care, Engaged$/.test((await cardOn(bob).textContent()) ?? ''));
    // Focus stays on the card in its new cell.
    await waitUntil(async () => /^Trafford Council/.test(await alice.evaluate(() => document.activeElement?.textContent ?? '')));
    // Escape cancels a move.
    await alice.keyboard.press('Enter');
    await alice.keyboard.press('ArrowLeft');
    await alice.keyboard.press('Escape');
    expect(await cellOf(alice)).toBe('social care|engaged');

    // Drag and drop onto another cell.
    await cardOn(alice).dragTo(alice.locator('[data-testid="partner-map-cell"][data-sector="NHS"][data-commitment="committed"]'));
    await bobSees('NHS|committed');

    // Tap the card, then a cell.
    await cardOn(bob).click();
    await bob.locator('[data-testid="partner-map-cell"][data-sector="local authority"][data-commitment="unknown"]').click();
    await waitUntil(async () => (await cellOf(alice)) === 'local authority|unknown');
    expect(await bob.getByTestId('partner-field-commitment').first().inputValue()).toBe('unknown');
  });

  it('an outcome card connected to a sticky appears, with its connector, in the other page', async () => {
    await alice.getByTestId('tab-outcomes').click();
    await bob.getByTestId('tab-outcomes').click();
    await alice.getByTestId('add-outcome').click();
    await alice.getByTestId('canvas-item-editor').fill('Fewer falls at home');
    await alice.getByTestId('canvas-item-editor').press('Control+Enter');
    await alice.getByTestId('add-sticky').click();
    await alice.getByTestId('canvas-item-editor').fill('Falls clinic pilot');
    await alice.getByTestId('canvas-item-editor').press('Control+Enter');
    const outcome = card(alice, 'outcome', 'Fewer falls at home');
    const sticky = card(alice, 'sticky', 'Falls clinic pilot');
    const [outcomeId, stickyId] = [await itemIdOf(outcome), await itemIdOf(sticky)];

    await alice.getByTestId('connect-tool').click();
    await outcome.click();
    await sticky.click();
    await waitUntil(
      async () => (await bob.locator(`[data-testid="connector"][data-from="${outcomeId}"][data-to="${stickyId}"]`).count()) === 1,
    );
    await waitUntil(async () => (await card(bob, 'outcome', 'Fewer falls at home').count()) === 1);
    await waitUntil(async () => (await card(bob, 'sticky', 'Falls clinic pilot').count()) === 1);

    // The same from the keyboard, the other way round: Connect, then Enter on the source and Enter on the target.
    await alice.getByTestId('connect-tool').focus();
    await alice.keyboard.press('Enter');
    await sticky.focus();
    await alice.keyboard.press('Enter');
    await alice.getByTestId('canvas-announcer').filter({ hasText: 'Source picked' }).waitFor();
    await outcome.focus();
    await alice.keyboard.press('Enter');
    await waitUntil(
      async () => (await bob.locator(`[data-testid="connector"][data-from="${stickyId}"][data-to="${outcomeId}"]`).count()) === 1,
    );
    // Enter made a connector, and did not open the outcome's text for editing.
    expect(await alice.getByTestId('canvas-item-editor').count()).toBe(0);
    await alice.keyboard.press('Escape');
  });

  it('votes stay hidden until revealed, then the other page sees the total', async () => {
    await alice.getByTestId('vote-votes-each').fill('2');
    await alice.getByTestId('vote-start').click();
    await waitUntil(async () => (await bob.getByTestId('vote-bar').getAttribute('data-state')) === 'open');
    // Alice places both her votes from the keyboard: then the button can do no more, and keeps the keyboard.
    const place = card(alice, 'outcome', 'Fewer falls at home').getByTestId('vote-place');
    await place.focus();
    await alice.keyboard.press('Enter');
    await alice.keyboard.press('Enter');
    await waitUntil(async () => (await place.getAttribute('aria-disabled')) === 'true');
    expect(await place.evaluate((element) => element === document.activeElement)).toBe(true);
    // Before the reveal Bob sees only his own votes: none.
    const bobCount = card(bob, 'outcome', 'Fewer falls at home').getByTestId('vote-count');
    await bobCount.waitFor();
    expect(await bobCount.getAttribute('data-total')).not.toBe('true');
    await alice.getByTestId('vote-reveal').click();
    await waitUntil(async () => (await bobCount.getAttribute('data-total')) === 'true');
    expect(await bobCount.textContent()).toContain('2');
  });

  it("a partner's agreement set on one page shows in the other page's summary", async () => {
    // Only someone who speaks for a partner sets its agreement: Alice's membership now links her to Trafford
    // Council (the partner added above), and she reloads the board to join with it.
    const room = (await server.rooms.peek(boardId as BoardId))!;
    const partner = listPartners(room.doc).flatMap((r) => (r.ok && r.value.organisation === 'Trafford Council' ? [r.value] : []))[0]!;
    expect(partner).toBeDefined();
    await addMember(server, boardId, 'Alice', 'editor', partner.id);
    await alice.reload();
    await alice.locator('[data-testid="board-view"][data-synced="true"]').waitFor();
    await alice.getByTestId('tab-outcomes').click();
    const outcome = card(alice, 'outcome', 'Fewer falls at home');
    await outcome.click();
    const inspector = alice.getByTestId('item-inspector');
    await inspector.waitFor();
    await inspector.getByTestId('agreement-set').first().selectOption('agreed');
    await waitUntil(async () =>
      ((await card(bob, 'outcome', 'Fewer falls at home').getByTestId('agreement-summary').textContent()) ?? '').includes('1 of 1'),
    );
    // The card itself shows each partner's position, who set it and when.
    const chip = card(bob, 'outcome', 'Fewer falls at home').getByTestId('agreement-chip');
    await waitUntil(async () => (await chip.getAttribute('data-state')) === 'agreed');
    expect(await chip.getAttribute('title')).toMatch(/^Trafford Council: agreed, set by Alice on \d/);
    // Linking the card to the GP layer highlights those features on the map for whoever selects it.
    await inspector.getByTestId('link-layer').first().check();
    await card(bob, 'outcome', 'Fewer falls at home').click();
    await bob.getByTestId('tab-map').click();
    await bob.getByTestId('map-linked-highlight').waitFor();
    expect(await bob.getByTestId('map-linked-highlight').textContent()).toContain('26 features');
    // And a practice's feature panel lists the card linked to its layer.
    await bob.getByTestId('features-in-view-row').first().click();
    await bob.getByTestId('feature-panel').waitFor();
    await waitUntil(async () => (await bob.getByTestId('feature-linked-card').allTextContents()).some((t) => t.includes('Fewer falls at home')));
    // Linking the card to this practice itself, from the keyboard: with no other card left to link, the form goes and
    // the keyboard goes to the section's heading; unlinking it brings the form back, with the keyboard on it.
    const bobFocus = () => bob.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? `${document.activeElement?.tagName}: ${document.activeElement?.textContent?.trim()}`);
    await bob.getByTestId('feature-link-select').selectOption({ label: 'Fewer falls at home' });
    await bob.getByTestId('feature-link-submit').focus();
    await bob.keyboard.press('Enter');
    await bob.getByTestId('feature-unlink').waitFor();
    await waitUntil(async () => (await bobFocus()) === 'H4: Outcome cards');
    await bob.getByTestId('feature-unlink').focus();
    await bob.keyboard.press('Enter');
    await waitUntil(async () => (await bobFocus()) === 'feature-link-select');
    await alice.screenshot({ path: path.join(ARTIFACTS, 'plan-outcomes.png') });
  });

  it('purpose text and a comment on a range of it appear in the other page', async () => {
    await alice.getByTestId('tab-purpose').click();
    await bob.getByTestId('tab-purpose').click();
    await alice.getByTestId('add-purpose').click();
    const editor = alice.locator('[data-testid^="purpose-editor-"] .ProseMirror').first();
    await editor.click();
    await alice.keyboard.type('We will reduce falls among older people.');
    await waitUntil(async () =>
      (await bob.locator('[data-testid^="purpose-editor-"] .ProseMirror').allTextContents()).some((t) => t.includes('reduce falls among')),
    );
    // Select "older people" with the keyboard, then comment on it.
    await alice.keyboard.press('End');
    await alice.keyboard.press('ArrowLeft');
    for (let i = 0; i < 'older people'.length; i++) await alice.keyboard.press('Shift+ArrowLeft');
    await alice.getByTestId('comment-button').click();
    await alice.getByTestId('comment-input').fill('Which age band: 65+ or 75+?');
    await alice.getByTestId('comment-submit').click();

    const thread = bob.getByTestId('comment-thread');
    await waitUntil(async () => (await thread.count()) === 1);
    expect(await thread.textContent()).toContain('Which age band: 65+ or 75+?');
    await waitUntil(async () => (await bob.getByTestId('comment-highlight').allTextContents()).join('') === 'older people');
    // A title change reaches the other page too (the pane re-reads purposes for everything but typing in the text).
    await alice.getByTestId('purpose-title').first().fill('Falls among older people');
    await alice.getByTestId('purpose-title').first().press('Tab');
    await waitUntil(async () => (await bob.getByTestId('purpose-title').first().inputValue()) === 'Falls among older people');
    await bob.screenshot({ path: path.join(ARTIFACTS, 'plan-purpose.png') });

    // Resolved from the keyboard, the thread folds away under "Resolved", which takes the keyboard; reopened, the
    // thread comes back up to the open ones with the keyboard on it.
    const focusedThread = () => alice.evaluate(() => ({ testId: document.activeElement?.getAttribute('data-testid') ?? document.activeElement?.tagName, resolved: document.activeElement?.getAttribute('data-resolved') ?? null }));
    await alice.getByTestId('comment-resolve').focus();
    await alice.keyboard.press('Enter');
    await waitUntil(async () => (await focusedThread()).testId === 'SUMMARY');
    expect(await alice.getByTestId('comments-resolved').locator('summary').textContent()).toBe('Resolved (1)');
    await alice.keyboard.press('Enter');
    await alice.getByTestId('comment-reopen').focus();
    await alice.keyboard.press('Enter');
    await waitUntil(async () => (await focusedThread()).testId === 'comment-thread');
    expect(await focusedThread()).toEqual({ testId: 'comment-thread', resolved: 'false' });
    await waitUntil(async () => (await bob.getByTestId('comment-thread').getAttribute('data-resolved')) === 'false');
  });

  it('the governance log: entries added on one page show on the other, a decision is marked decided, a risk is scored, and a health-data flow without its Article 9 condition is refused', async () => {
    await alice.getByTestId('tab-governance').click();
    await bob.getByTestId('tab-governance').click();
    const addForm = async (kind: string): Promise<Locator> => {
      await alice.getByTestId(`governance-add-${kind}`).locator('summary').click();
      return alice.getByTestId(`governance-add-form-${kind}`);
    };
    const rowOn = (page: Page, kind: string, title: string): Locator =>
      page.getByTestId(`governance-table-${kind}`).getByTestId('governance-row').filter({ hasText: title });
    const cellText = async (row: Locator, field: string): Promise<string> => ((await row.locator(`[data-field="${field}"]`).textContent()) ?? '').trim();

    // A decision starts open.
    const decision = await addForm('decision');
    expect(await decision.getByTestId('governance-field-status').inputValue()).toBe('open');
    await decision.getByTestId('governance-field-title').fill('Falls clinic runs from the health centre');
    await decision.getByTestId('governance-field-decidedBy').fill('Neighbourhood board');
    await decision.getByRole('button', { name: 'Add decision' }).click();
    const bobsDecision = rowOn(bob, 'decision', 'Falls clinic runs from the health centre');
    await bobsDecision.waitFor();
    expect(await cellText(bobsDecision, 'status')).toBe('Open');

    // Marked decided on one page, the other sees it.
    await rowOn(alice, 'decision', 'Falls clinic runs from the health centre').getByTestId('governance-edit').click();
    const edit = alice.getByTestId('governance-edit-form');
    await edit.getByTestId('governance-field-status').selectOption('decided');
    await edit.getByTestId('governance-field-decidedOn').fill('2026-11-20');
    await edit.getByRole('button', { name: 'Save changes' }).click();
    await waitUntil(async () => (await cellText(bobsDecision, 'status')) === 'Decided');
    expect(await cellText(bobsDecision, 'decidedOn')).toBe('20 Nov 2026');

    // A risk is scored likelihood × impact, with its rating in words.
    const risk = await addForm('risk');
    await risk.getByTestId('governance-field-title').fill('Clinic rooms are booked by others');
    await risk.getByTestId('governance-field-likelihood').selectOption('4');
    await risk.getByTestId('governance-field-impact').selectOption('4');
    await risk.getByRole('button', { name: 'Add risk' }).click();
    const bobsRisk = rowOn(bob, 'risk', 'Clinic rooms are booked by others');
    await bobsRisk.waitFor();
    expect(await cellText(bobsRisk, 'score')).toBe('16 High');
    expect(await cellText(bobsRisk, 'status')).toBe('Open');

    // Health data with no Article 9 condition: the form says what is missing and nothing is added.
    const flow = await addForm('data-sharing');
    await flow.getByTestId('governance-field-title').fill('Falls risk list to the clinic');
    await flow.getByTestId('governance-field-includesHealthData').check();
    await flow.getByRole('button', { name: 'Add data-sharing entry' }).click();
    await flow.getByText('Choose the Article 9 condition that applies: this entry includes health data').waitFor();
    expect(await flow.getByTestId('governance-field-article9Condition').getAttribute('aria-invalid')).toBe('true');
    expect(await alice.getByTestId('governance-empty-data-sharing').isVisible()).toBe(true);
    // With the condition chosen it goes through.
    await flow.getByTestId('governance-field-article9Condition').selectOption('9(2)(h)');
    await flow.getByRole('button', { name: 'Add data-sharing entry' }).click();
    await rowOn(bob, 'data-sharing', 'Falls risk list to the clinic').waitFor();
  });

  it('a board with more purposes than the pane builds at once gets an editor for every one, in order, each with its text, and no console warnings', async () => {
    const manyId = await createBoardViaApi(server, 'Many purposes');
    const seeder = await connectClient(server, manyId);
    const statements = Array.from({ length: 11 }, (_, i) => `Statement ${i + 1}: what this partnership is for.`);
    seeder.doc.transact(() => {
      for (const [i, text] of statements.entries()) {
        const fragment = getPurposeFragment(seeder.doc, addPurpose(seeder.doc, { title: `Purpose ${i + 1}` }, { name: 'Seeder' }))!;
        const paragraph = new Y.XmlElement('paragraph');
        paragraph.insert(0, [new Y.XmlText(text)]);
        // And an empty one after it: text in more than one paragraph is what the link extension reads as it loads.
        fragment.insert(0, [paragraph, new Y.XmlElement('paragraph')]);
      }
    });
    await waitUntil(async () => {
      const room = await server.rooms.peek(manyId as BoardId);
      return room !== undefined && listPurposes(room.doc).length === statements.length;
    });
    seeder.destroy();
    const page = await openBoardPage(browser, server, manyId, 'Carol');
    // What the app says in the console (not Chromium's notes on its software WebGL, drawing the Map pane).
    const complaints: string[] = [];
    page.on('console', (message) => {
      if ((message.type() === 'warning' || message.type() === 'error') && !message.text().startsWith('[.WebGL')) complaints.push(message.text());
    });
    await page.getByTestId('tab-purpose').click();
    const editors = page.locator('[data-testid="purpose"] [data-testid^="purpose-editor-"] .ProseMirror');
    // More than the first few: the rest are built once the page is idle, and none is left waiting.
    await waitUntil(async () => (await editors.count()) === statements.length);
    expect(await editors.allTextContents()).toEqual(statements);
    expect(await page.getByTestId('purpose-editor-pending').count()).toBe(0);
    // Eleven editors, each with the link extension, and nothing to warn about.
    expect(complaints).toEqual([]);

    // Move up, pressed from the keyboard until the purpose is first, moves it and keeps the keyboard on it, even
    // where it can do no more.
    const titles = () => page.getByTestId('purpose-title').evaluateAll((inputs) => inputs.map((input) => (input as HTMLInputElement).value));
    const third = page.locator('[data-testid="purpose"]').nth(2);
    const moveUp = third.getByTestId('purpose-move-up');
    const purposeId = await third.getAttribute('data-purpose-id');
    await moveUp.focus();
    await page.keyboard.press('Enter');
    await waitUntil(async () => (await titles())[1] === 'Purpose 3');
    await page.keyboard.press('Enter');
    await waitUntil(async () => (await titles())[0] === 'Purpose 3');
    const onButton = () => page.evaluate(() => ({ testId: document.activeElement?.getAttribute('data-testid'), purpose: document.activeElement?.closest('[data-purpose-id]')?.getAttribute('data-purpose-id'), unavailable: document.activeElement?.getAttribute('aria-disabled') }));
    await waitUntil(async () => (await onButton()).testId === 'purpose-move-up');
    expect(await onButton()).toEqual({ testId: 'purpose-move-up', purpose: purposeId, unavailable: 'true' });
    await page.keyboard.press('Enter');
    expect((await titles()).slice(0, 3)).toEqual(['Purpose 3', 'Purpose 1', 'Purpose 2']);
    await page.context().close();
  });
});

describe('long names in the partner register and the accountability matrix', () => {
  let server: TestServer;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    server = await startTestServer();
    const boardId = await createBoardViaApi(server, 'Long names');
    browser = await launchChromium(inject('chromiumPath'));
    page = await openBoardPage(browser, server, boardId, 'Alice', { width: 1280, height: 900 });
    await page.getByTestId('tab-partners').click();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('shows long names and roles whole, wrapped in their cells rather than cut off at the edge', async () => {
    const name = 'Trafford Council Adult Social Care and Public Health Integrated Commissioning Team';
    const lead = 'Assistant Director for Integrated Commissioning (Older People)';
    await page.getByTestId('partner-add-organisation').fill(name);
    await page.getByTestId('partner-add-lead').fill(lead);
    await page.getByTestId('partner-add-submit').click();
    await page.getByTestId('partner-row').waitFor();
    /** A field's value, whether any of its text is out of sight, and how many lines it shows. */
    const measure = (element: Element) => {
      const field = element as HTMLTextAreaElement;
      return {
        value: field.value,
        hidden: field.scrollHeight > field.clientHeight || field.scrollWidth > field.clientWidth,
        lines: Math.round(field.clientHeight / parseFloat(getComputedStyle(field).lineHeight)),
      };
    };
    const organisation = page.getByTestId('partner-field-organisation');
    const leadField = page.getByTestId('partner-field-lead');
    for (const [field, value] of [[organisation, name], [leadField, lead]] as const) {
      const shown = await field.evaluate(measure);
      expect(shown).toMatchObject({ value, hidden: false });
      expect(shown.lines).toBeGreaterThan(1);
    }

    // Typing more makes the box taller; the text stays in sight. Escape puts the name back.
    const before = await organisation.evaluate(measure);
    await organisation.focus();
    await page.keyboard.press('End');
    await page.keyboard.type(' for the South and West Localities of the Borough');
    const typing = await organisation.evaluate(measure);
    expect(typing.hidden).toBe(false);
    expect(typing.lines).toBeGreaterThan(before.lines);
    await page.keyboard.press('Escape');
    await waitUntil(async () => (await organisation.evaluate(measure)).lines === before.lines);
    expect(await organisation.inputValue()).toBe(name);

    // Each role in the matrix shows whole in its cell, however many partners share the width; "A (Accountable)" is
    // the longest.
    const others = ['Primary care network', 'Age UK Trafford', 'Community pharmacy', 'Care homes', 'Housing', 'Fire and rescue', 'Leisure trust'];
    for (const other of others) {
      await page.getByTestId('partner-add-organisation').fill(other);
      await page.getByTestId('partner-add-submit').click();
    }
    await waitUntil(async () => (await organisation.count()) === others.length + 1);
    await page.getByTestId('tab-outcomes').click();
    await page.getByTestId('add-outcome').click();
    await page.getByTestId('canvas-item-editor').fill('Fewer falls at home');
    await page.getByTestId('canvas-item-editor').press('Control+Enter');
    await page.getByTestId('tab-partners').click();
    const cells = page.locator('select[data-testid="raci-cell"]');
    await waitUntil(async () => (await cells.count()) === others.length + 1);
    await cells.first().selectOption('A');
    await cells.last().selectOption('C');
    const shown = await cells.evaluateAll((selects) =>
      selects.map((element) => {
        const select = element as HTMLSelectElement;
        const probe = document.createElement('span');
        probe.style.font = getComputedStyle(select).font;
        probe.style.position = 'absolute';
        probe.style.whiteSpace = 'pre';
        probe.textContent = select.selectedOptions[0]!.text;
        document.body.append(probe);
        const textWidth = probe.getBoundingClientRect().width;
        probe.remove();
        // The text and the select's arrow (about 20 px) fit in the box.
        return { text: probe.textContent, fits: textWidth + 20 <= select.clientWidth };
      }),
    );
    expect(shown).toEqual(
      expect.arrayContaining([
        { text: 'A (Accountable)', fits: true },
        { text: 'C (Consulted)', fits: true },
      ]),
    );

    // The matrix is now wider than the pane: scrolled to its far end, the outcome it is about stays in view.
    const stuck = await page.locator('.raci-table').evaluate((table) => {
      const box = table.closest('.table-wide') as HTMLElement;
      box.scrollLeft = box.scrollWidth;
      const outcome = table.querySelector('tbody th[scope="row"]')!;
      return { scrolled: box.scrollLeft > 0, offset: outcome.getBoundingClientRect().left - box.getBoundingClientRect().left };
    });
    expect(stuck.scrolled).toBe(true);
    expect(Math.abs(stuck.offset)).toBeLessThanOrEqual(1);

    // The register is wider than the pane too; scrolled to its start, each partner's Delete is still in view.
    const deletable = await page.locator('.partners-table').evaluate((table) => {
      const box = table.closest('.table-wide') as HTMLElement;
      box.scrollLeft = 0;
      const visible = box.getBoundingClientRect();
      const buttons = Array.from(table.querySelectorAll('[data-testid="partner-delete"]')).map((button) => button.getBoundingClientRect());
      return { wider: box.scrollWidth > box.clientWidth, inView: buttons.every((b) => b.left >= visible.left && b.right <= visible.right) };
    });
    expect(deletable).toEqual({ wider: true, inView: true });
  });
});

describe('the keyboard in the partner register and the governance log: it stays where the person is', () => {
  let server: TestServer;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    server = await startTestServer();
    const boardId = await createBoardViaApi(server, 'Keyboard');
    browser = await launchChromium(inject('chromiumPath'));
    page = await openBoardPage(browser, server, boardId, 'Alice', { width: 1280, height: 900 });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  /** The focused element's test id, or its tag and text. */
  const focused = () => page.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? `${document.activeElement?.tagName}: ${document.activeElement?.textContent}`);

  it('deleting a partner: the question takes the keyboard, Cancel or Escape gives it back, and after deleting it goes to the register', async () => {
    await page.getByTestId('tab-partners').click();
    for (const organisation of ['Age UK Trafford', 'Trafford Council']) {
      await page.getByTestId('partner-add-organisation').fill(organisation);
      await page.getByTestId('partner-add-submit').click();
    }
    await waitUntil(async () => (await page.getByTestId('partner-row').count()) === 2);
    const ask = page.getByTestId('partner-row').first().getByTestId('partner-delete');
    await ask.focus();
    await page.keyboard.press('Enter');
    expect(await focused()).toBe('partner-delete-confirm');
    await page.keyboard.press('Tab');
    expect(await focused()).toBe('partner-delete-cancel');
    await page.keyboard.press('Enter');
    expect(await focused()).toBe('partner-delete');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Escape');
    expect(await focused()).toBe('partner-delete');
    expect(await page.getByTestId('partner-row').count()).toBe(2);
    await page.keyboard.press('Enter');
    await page.keyboard.press('Enter');
    await waitUntil(async () => (await page.getByTestId('partner-row').count()) === 1);
    await waitUntil(async () => (await focused()) === 'H2: Partner register');
  });

  it('editing a governance entry takes the keyboard to its first field and back to Edit; deleting one leaves it on the section', async () => {
    await page.getByTestId('tab-governance').click();
    const form = page.getByTestId('governance-add-decision');
    await form.locator('summary').click();
    await form.getByTestId('governance-field-title').fill('Agree the cohort');
    await form.getByRole('button', { name: 'Add decision' }).click();
    const row = page.locator('[data-testid="governance-row"][data-kind="decision"]');
    await row.waitFor();

    await row.getByTestId('governance-edit').focus();
    await page.keyboard.press('Enter');
    await page.getByTestId('governance-edit-form').waitFor();
    expect(await focused()).toBe('governance-field-title');
    await page.keyboard.press('End');
    await page.keyboard.type(' for the first year');
    await page.keyboard.press('Enter');
    await waitUntil(async () => (await page.getByTestId('governance-edit-form').count()) === 0);
    expect(await row.textContent()).toContain('Agree the cohort for the first year');
    await waitUntil(async () => (await focused()) === 'governance-edit');

    // Cancel too gives the keyboard back to Edit.
    await page.keyboard.press('Enter');
    await page.getByTestId('governance-cancel').click();
    await waitUntil(async () => (await focused()) === 'governance-edit');

    await page.keyboard.press('Tab');
    expect(await focused()).toBe('governance-delete');
    await page.keyboard.press('Enter');
    expect(await focused()).toBe('governance-delete-confirm');
    await page.keyboard.press('Enter');
    await page.getByTestId('governance-empty-decision').waitFor();
    await waitUntil(async () => (await focused()) === 'H3: Decisions');
  });
});
