import type { BoardId } from '@placeboard/board';
import type { Redis } from 'ioredis';
import { errorMessage, type Logger } from '../log.js';

/**
 * Who holds a Yjs client id on a board across server processes. A room holds ids for its own connections (see
 * "Client ids" in room.ts); with several processes it also asks these claims, so that a person on one process
 * cannot write under, or set the presence of, an id someone on another process holds.
 *
 * A claim belongs to an actor (the person, or the share link) and one connection of theirs (its token). The same
 * actor may always take it over: a browser that lost its process reconnects through another with the same Y.Doc,
 * and must not wait for the dead process's claims to run out.
 */
export interface ClientClaims {
  /** False for the single process: the room's own holders are all there is, and nothing needs asking. */
  readonly shared: boolean;
  /**
   * Whether `actor` may write under `clientId` on `board`: nobody else holds it. With `take`, the id becomes this
   * connection's (`token`) until {@link release}. Never rejects: while the claims cannot be asked, the answer is yes.
   */
  claim(board: BoardId, clientId: number, claimant: Claimant, take: boolean): Promise<boolean>;
  /**
   * Lets go of an id this connection took, if it still holds it (the same actor may have taken it over since);
   * resolves once done. Never rejects: a claim that cannot be let go of runs out with its time.
   */
  release(board: BoardId, clientId: number, claimant: Claimant): Promise<void>;
  /** Stops renewing claims. */
  close(): void;
}

/** Who asks: the actor, and a token of the one connection asking. */
export interface Claimant {
  actor: string;
  token: string;
}

/** The claims of a single process: there are no others to ask. */
export function createLocalClaims(): ClientClaims {
  return {
    shared: false,
    claim: async () => true,
    release: async () => {},
    close() {},
  };
}

/** Free, or the same actor's: yes, and with ARGV[3] = '1' it becomes this claimant's for ARGV[4] ms. */
const CLAIM_SCRIPT = `
local held = redis.call('GET', KEYS[1])
if held then
  local cut = string.find(held, '\\n', 1, true)
  if string.sub(held, 1, cut - 1) ~= ARGV[1] then return 0 end
end
if ARGV[3] == '1' then redis.call('SET', KEYS[1], ARGV[1] .. '\\n' .. ARGV[2], 'PX', ARGV[4]) end
return 1`;

/** Deletes each key still holding its value (ARGV), or renews it for ARGV[#KEYS + 1] ms. */
const RELEASE_SCRIPT = `
for i, key in ipairs(KEYS) do
  if redis.call('GET', key) == ARGV[i] then redis.call('DEL', key) end
end
return 0`;
const RENEW_SCRIPT = `
local ttl = ARGV[#KEYS + 1]
for i, key in ipairs(KEYS) do
  if redis.call('GET', key) == ARGV[i] then redis.call('PEXPIRE', key, ttl) end
end
return 0`;

/** Options of {@link createRedisClaims}. */
export interface RedisClaimsOptions {
  log: Logger;
  /** Prefix of the claim keys. @default 'placeboard:client-id:' */
  prefix?: string;
  /**
   * How long a claim lasts unless renewed; this process renews its own every third of it, so only a dead process's
   * claims run out (and the same actor need not wait for that). @default 60000
   */
  ttlMs?: number;
}

/**
 * Claims kept in Redis: one key per board and client id, holding `actor\ntoken`, set and read by one script call so
 * that two processes cannot both take a free id. Commands fail at once while the connection is down (the
 * connection is made with no offline queue); an id is then let through, as the single process would let through an
 * id nobody here holds, with one warning per outage.
 */
export function createRedisClaims(redis: Redis, options: RedisClaimsOptions): ClientClaims {
  const prefix = options.prefix ?? 'placeboard:client-id:';
  const ttlMs = options.ttlMs ?? 60_000;
  const { log } = options;
  /** The claims this process holds, by key: the value it set. */
  const held = new Map<string, string>();
  let warned = false;
  const failed = (error: unknown): void => {
    if (warned) return;
    warned = true;
    log.warn('client ids not checked across processes until Redis answers', { error: errorMessage(error) });
  };
  const keyOf = (board: BoardId, clientId: number) => `${prefix}${board}:${clientId}`;

  const renew = setInterval(() => {
    if (held.size === 0) return;
    const keys = [...held.keys()];
    redis.eval(RENEW_SCRIPT, keys.length, ...keys, ...keys.map((key) => held.get(key) as string), ttlMs).then(
      () => {
        warned = false;
      },
      failed,
    );
  }, ttlMs / 3);
  renew.unref();

  return {
    shared: true,
    async claim(board, clientId, { actor, token }, take) {
      const key = keyOf(board, clientId);
      try {
        const answer = await redis.eval(CLAIM_SCRIPT, 1, key, actor, token, take ? '1' : '0', ttlMs);
        warned = false;
        if (answer === 1 && take) held.set(key, `${actor}\n${token}`);
        return answer === 1;
      } catch (error) {
        failed(error);
        return true;
      }
    },
    async release(board, clientId, { actor, token }) {
      const key = keyOf(board, clientId);
      const value = `${actor}\n${token}`;
      if (held.get(key) !== value) return;
      held.delete(key);
      await redis.eval(RELEASE_SCRIPT, 1, key, value).then(() => {}, failed);
    },
    close() {
      clearInterval(renew);
    },
  };
}
