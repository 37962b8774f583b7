import { newBoardId, type BoardId } from '@placeboard/board';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSqliteStore } from '../store/sqlite.js';
import type { PlaceboardStore } from '../store/types.js';
import { AccessError, SESSION_MS, createAccess, type Access } from './access.js';
import { hashToken, newToken } from './tokens.js';

const owner = { email: 'ann@example.test', name: 'Ann', password: 'a long enough password' };

describe('createAccess', () => {
  let store: PlaceboardStore;
  let access: Access;
  let clock: number;
  let board: BoardId;

  beforeEach(async () => {
    store = createSqliteStore({ filename: ':memory:' });
    clock = 1_000_000;
    access = createAccess({ store, now: () => clock });
    board = newBoardId();
    await store.createBoard({ id: board, title: 'B', state: new Uint8Array([0, 0]), now: clock });
  });
  afterEach(() => store.close());

  it('offers a setup token only while there are no accounts, and only that token creates the admin', async () => {
    const token = await access.setupToken();
    expect(token).toBeDefined();
    await expect(access.completeSetup('wrong', owner)).rejects.toMatchObject({ code: 'bad_token', status: 403 });
    const { user, token: session } = await access.completeSetup(token!, owner);
    expect(user).toMatchObject({ email: owner.email, name: 'Ann', isAdmin: true });
    expect(await access.setupToken()).toBeUndefined();
    await expect(access.completeSetup(token!, owner)).rejects.toMatchObject({ code: 'already_set_up' });
    const identity = await access.identify(session);
    expect(identity.kind).toBe('user');
  });

  it('signs in with the right password only, with one message for a wrong password or email', async () => {
    await access.createLocalUser(owner);
    const ok = await access.signIn(owner.email, owner.password);
    expect(ok.user.email).toBe(owner.email);
    const wrongPassword = await access.signIn(owner.email, 'not the password').catch((e: AccessError) => e);
    const wrongEmail = await access.signIn('nobody@example.test', owner.password).catch((e: AccessError) => e);
    expect(wrongPassword).toBeInstanceOf(AccessError);
    expect(wrongEmail).toBeInstanceOf(AccessError);
    expect((wrongPassword as AccessError).message).toBe((wrongEmail as AccessError).message);
  });

  it('refuses a second account with the same email, whatever its case', async () => {
    await access.createLocalUser(owner);
    await expect(access.createLocalUser({ ...owner, email: 'ANN@example.test' })).rejects.toMatchObject({ code: 'email_in_use' });
  });

  it('treats expired sessions and unknown tokens as nobody', async () => {
    const user = await access.createLocalUser(owner);
    const { token } = await access.sessionFor(user.id);
    expect((await access.identify(token)).kind).toBe('user');
    expect((await access.identify(newToken())).kind).toBe('anonymous');
    expect((await access.identify(undefined)).kind).toBe('anonymous');
    clock += SESSION_MS;
    expect((await access.identify(token)).kind).toBe('anonymous');
  });

  it('gives the admin owner on every board, members their role, and others nothing', async () => {
    const admin = await access.createLocalUser({ ...owner, isAdmin: true });
    const bob = await access.createLocalUser({ email: 'bob@example.test', name: 'Bob', password: owner.password });
    const carol = await access.createLocalUser({ email: 'carol@example.test', name: 'Carol', password: owner.password });
    await store.putMember({ boardId: board, userId: bob.id, role: 'contributor', partnerId: 'p1', addedAt: clock });
    const as = async (id: string) => access.boardAccess(await access.identify((await access.sessionFor(id)).token), board);
    expect(await as(admin.id)).toMatchObject({ role: 'owner', actor: `user:${admin.id}`, name: 'Ann' });
    expect(await as(bob.id)).toMatchObject({ role: 'contributor', partnerId: 'p1', name: 'Bob' });
    expect(await as(carol.id)).toBeUndefined();
  });

  it('grants a share link its role on its own board only, until it expires or is revoked', async () => {
    const other = newBoardId();
    await store.createBoard({ id: other, title: 'Other', state: new Uint8Array([0, 0]), now: clock });
    const token = newToken();
    await store.createLink({
      id: 'l1', tokenHash: hashToken(token), boardId: board, kind: 'board', role: 'viewer', partnerId: null,
      label: 'Governors', createdBy: 'user:x', createdAt: clock, expiresAt: clock + 1000, revokedAt: null,
    });
    const identity = await access.identify(token);
    expect(await access.boardAccess(identity, board)).toMatchObject({ role: 'viewer', actor: 'link:l1', name: 'Guest (Governors)' });
    expect(await access.boardAccess(identity, other)).toBeUndefined();
    // A browser that opened the link is its own author, with its own display name, marked as a guest's.
    const opened = await access.sessionForLink(token);
    await store.setSessionName(opened.session.tokenHash, 'Dee');
    const browser = await access.boardAccess(await access.identify(opened.token), board);
    expect(browser?.name).toBe('Dee (guest)');
    expect(browser?.actor).toMatch(/^link:l1:/);
    clock += 1000;
    expect((await access.identify(token)).kind).toBe('anonymous');
    expect((await access.identify(opened.token)).kind).toBe('anonymous');
    await expect(access.sessionForLink(token)).rejects.toMatchObject({ code: 'link_expired' });
  });

  it('never lets a community link open the board itself', async () => {
    const token = newToken();
    await store.createLink({
      id: 'c1', tokenHash: hashToken(token), boardId: board, kind: 'community', role: 'contributor', partnerId: null,
      label: '', createdBy: 'user:x', createdAt: clock, expiresAt: null, revokedAt: null,
    });
    expect(await access.boardAccess(await access.identify(token), board)).toBeUndefined();
    await store.revokeLink('c1', clock);
    expect((await access.identify(token)).kind).toBe('anonymous');
  });
});
