import { addPartner, getBoardMeta, listPartners, type BoardId } from '@placeboard/board';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { auditLog } from '../helpers/access.js';
import { connectClient, snapshotOf } from '../helpers/clients.js';
import { addMember, createBoardViaApi, createShareLink, ownerFetch, startTestServer, type Auth, type TestServer } from '../helpers/server.js';
import { storedDoc } from '../helpers/stored.js';
import { waitUntil } from '../helpers/wait.js';

/** Small enough that a test can go over it cheaply. */
const IMPORT_MAX_BYTES = 200_000;

interface ErrorBody {
  error: { code: string; message: string };
}

function copyForm(bytes: Uint8Array<ArrayBuffer> | string, fields: Record<string, string> = {}, name = 'placeboard-copy.yjs'): FormData {
  const body = new FormData();
  body.set('file', new Blob([bytes]), name);
  for (const [key, value] of Object.entries(fields)) body.set(key, value);
  return body;
}

const organisations = (doc: Y.Doc) => listPartners(doc).flatMap((r) => (r.ok ? [r.value.organisation] : [])).sort();

describe('POST /api/boards/from-copy: a saved copy of a board opens as a new board', () => {
  let server: TestServer;
  let boardId: string;
  /** An editor of the original board: what a page offers them as its copy when the server refuses their edits. */
  let editor: Auth;
  /** The board as the editor's page held it: the server's board plus a partner the server never took. */
  let pageCopy: Uint8Array<ArrayBuffer>;

  beforeAll(async () => {
    server = await startTestServer({ IMPORT_MAX_BYTES: String(IMPORT_MAX_BYTES) });
    boardId = await createBoardViaApi(server, 'Old Trafford neighbourhood');
    editor = await addMember(server, boardId, 'Eddie Editor', 'editor');
    const client = await connectClient(server, boardId);
    addPartner(client.doc, { organisation: 'Trafford Council', sector: 'local authority' }, { name: 'Test Owner' });
    await waitUntil(async () => organisations(await storedDoc(server.store, boardId)).length === 1);
    const page = new Y.Doc();
    Y.applyUpdate(page, Y.encodeStateAsUpdate(client.doc));
    client.destroy();
    addPartner(page, { organisation: 'Stretford Food Bank', sector: 'VCSE' }, { name: 'Eddie Editor' });
    pageCopy = Y.encodeStateAsUpdate(page) as Uint8Array<ArrayBuffer>;
  });
  afterAll(async () => {
    await server.close();
  });

  const postCopy = (body: FormData | string, auth: Auth | null = editor, headers: Record<string, string> = {}) =>
    fetch(`${server.url}/api/boards/from-copy`, { method: 'POST', body, headers: { ...(auth?.headers ?? {}), ...headers } });
  const boardCount = async () => (await server.store.listBoards()).length;

  it('makes a board the uploader owns, holding everything the copy held, and leaves the original as it was', async () => {
    const original = snapshotOf(await storedDoc(server.store, boardId));
    const response = await postCopy(copyForm(pageCopy));
    expect(response.status, await response.clone().text()).toBe(201);
    const { id } = (await response.json()) as { id: string };
    expect(id).not.toBe(boardId);

    // Hers: listed for her, and she owns it.
    const listed = (await (await fetch(`${server.url}/api/boards`, { headers: editor.headers })).json()) as { id: string; title: string }[];
    expect(listed.find((b) => b.id === id)?.title).toBe('Old Trafford neighbourhood (saved copy)');
    const members = (await (await ownerFetch(server, `/api/boards/${id}/members`)).json()) as { members: { name: string; role: string }[] };
    expect(members.members.map(({ name, role }) => ({ name, role }))).toEqual([{ name: 'Eddie Editor', role: 'owner' }]);

    // Everything the page had, the partner the server never took included, with the title in the document too.
    const opened = await connectClient(server, id, { auth: editor });
    expect(organisations(opened.doc)).toEqual(['Stretford Food Bank', 'Trafford Council']);
    expect(getBoardMeta(opened.doc).title).toBe('Old Trafford neighbourhood (saved copy)');
    opened.destroy();
    expect((await auditLog(server, id)).map((line) => line.detail)).toEqual(['created the board from a saved copy (placeboard-copy.yjs)']);

    // The original is untouched.
    expect(snapshotOf(await storedDoc(server.store, boardId))).toBe(original);
    expect(organisations(await storedDoc(server.store, boardId))).toEqual(['Trafford Council']);
  });

  it('takes a title for the new board', async () => {
    const response = await postCopy(copyForm(pageCopy, { title: '  Eddie’s partners to add again  ' }));
    expect(response.status).toBe(201);
    const { id } = (await response.json()) as { id: string };
    expect((await server.store.getBoard(id as BoardId))?.title).toBe('Eddie’s partners to add again');
    expect(getBoardMeta(await storedDoc(server.store, id)).title).toBe('Eddie’s partners to add again');
  });

  describe('bad input: a 4xx with a message that says what is wrong, and no board made', () => {
    const docWith = (build: (doc: Y.Doc) => void) => {
      const doc = new Y.Doc();
      build(doc);
      return Y.encodeStateAsUpdate(doc) as Uint8Array<ArrayBuffer>;
    };
    /** An update of a board that builds on an earlier one it does not hold. */
    const incomplete = () => {
      const doc = new Y.Doc();
      Y.applyUpdate(doc, pageCopy);
      const before = Y.encodeStateVector(doc);
      addPartner(doc, { organisation: 'Later Partner', sector: 'other' }, { name: 'Eddie Editor' });
      return Y.encodeStateAsUpdate(doc, before) as Uint8Array<ArrayBuffer>;
    };
    const titleOnly = () => {
      const body = new FormData();
      body.set('title', 'A copy of nothing');
      return body;
    };
    const cases: [string, () => FormData | string, Auth | null, number, string, RegExp][] = [
      ['bytes that are not a Yjs update', () => copyForm('not a yjs update'), editor, 400, 'not_a_board_copy', /placeboard-copy\.yjs is not a saved board: it is not a Yjs update/],
      ['an empty file', () => copyForm(''), editor, 400, 'not_a_board_copy', /placeboard-copy\.yjs is empty/],
      [
        'a Yjs document with other top-level types',
        () => copyForm(docWith((doc) => doc.getText('essay').insert(0, 'hello'))),
        editor,
        400,
        'not_a_board_copy',
        /is not a Placeboard board: it has top-level types that are not board roots: essay/,
      ],
      ['a Yjs document with no meta', () => copyForm(docWith(() => {})), editor, 400, 'not_a_board_copy', /is not a Placeboard board: it has no meta root/],
      ['part of a board, without what it builds on', () => copyForm(incomplete()), editor, 400, 'not_a_board_copy', /is not a whole board/],
      [
        'a board from a newer Placeboard',
        () => copyForm(docWith((doc) => doc.getMap('meta').set('title', 'Future') && doc.getMap('meta').set('schemaVersion', 9999))),
        editor,
        400,
        'not_a_board_copy',
        /comes from a newer Placeboard/,
      ],
      ['a file over IMPORT_MAX_BYTES', () => copyForm(new Uint8Array(IMPORT_MAX_BYTES + 1)), editor, 413, 'payload_too_large', /larger than the import limit/],
      ['no file', () => titleOnly(), editor, 400, 'validation_failed', /Attach the file/],
      ['a title over 200 characters', () => copyForm(pageCopy, { title: 'x'.repeat(201) }), editor, 400, 'validation_failed', /"title" must be at most 200/],
      ['a body that is not a form', () => JSON.stringify({ file: 'copy.yjs' }), editor, 400, 'validation_failed', /multipart\/form-data/],
      ['nobody signed in', () => copyForm(pageCopy), null, 401, 'unauthenticated', /Sign in/],
    ];
    for (const [name, body, auth, status, code, message] of cases) {
      it(name, async () => {
        const before = await boardCount();
        const headers: Record<string, string> = typeof body() === 'string' ? { 'content-type': 'application/json' } : {};
        const response = await postCopy(body(), auth, headers);
        expect(response.status).toBe(status);
        const error = ((await response.json()) as ErrorBody).error;
        expect(error.code).toBe(code);
        expect(error.message).toMatch(message);
        expect(await boardCount()).toBe(before);
        expect((await fetch(`${server.url}/api/health`)).status).toBe(200);
      });
    }

    it('a share link, which is not an account, cannot make boards', async () => {
      const before = await boardCount();
      const link = await createShareLink(server, boardId, { role: 'editor' });
      const response = await postCopy(copyForm(pageCopy), link);
      expect(response.status).toBe(401);
      expect(((await response.json()) as ErrorBody).error.message).toMatch(/Sign in/);
      expect(await boardCount()).toBe(before);
    });
  });
});
