/**
 * The Lua scripts of the Redis store. Each runs atomically in Redis, so that a read-check-write is one step for every
 * relay process at once. ioredis sends them by hash (EVALSHA) and reloads them after a Redis restart by itself.
 *
 * Records and entries are JSON written by the relay; the scripts do not parse them. Beside a session's JSON its hash
 * keeps the fields a chat message checks (state, customerConn, technicianConn), so that `rswSendMessage` need not
 * decode the record. A sequence number is put in front of an entry's JSON
 * (`{"seq":N,` + the rest), so the number is the list position at the moment of the append.
 *
 * Some scripts also write a broadcast into the socket.io adapter's stream (stream-entries.ts), in the same atomic
 * step as the write it announces.
 */
import type { Redis } from 'ioredis';

/**
 * Lua that adds a broadcast entry to stream `stream` (stream-entries.ts): `args` is the Lua index of the first of
 * the entry's arguments (max length, uid, namespace, head, tail), `payload` the Lua expression of the payload's JSON.
 */
function xadd(stream: string, args: number, payload: string): string {
  const arg = (i: number) => `ARGV[${args + i}]`;
  return `redis.call('XADD', ${stream}, 'MAXLEN', '~', ${arg(0)}, '*', 'uid', ${arg(1)}, 'nsp', ${arg(2)}, 'type', '3', 'data', ${arg(3)} .. ${payload} .. ${arg(4)})`;
}

/**
 * Lua that adds a broadcast entry to stream `stream` from one argument `packed` (stream-entries.ts `packedEntry`: max
 * length, uid, namespace, head and tail, joined by newlines), `payload` the Lua expression of the payload's JSON.
 */
function xaddPacked(stream: string, packed: string, payload: string): string {
  return `
      local a = string.find(${packed}, '\\n', 1, true)
      local b = string.find(${packed}, '\\n', a + 1, true)
      local c = string.find(${packed}, '\\n', b + 1, true)
      local d = string.find(${packed}, '\\n', c + 1, true)
      redis.call('XADD', ${stream}, 'MAXLEN', '~', string.sub(${packed}, 1, a - 1), '*', 'uid', string.sub(${packed}, a + 1, b - 1), 'nsp', string.sub(${packed}, b + 1, c - 1), 'type', '3', 'data', string.sub(${packed}, c + 1, d - 1) .. ${payload} .. string.sub(${packed}, d + 1))`;
}

/**
 * Lua that appends a chat message to list `chat` unless this sender already sent its client id (hash `ids`, field
 * `sender`); `message` is the message's JSON without its opening brace. Leaves `json` (the stored message),
 * `duplicate` (0/1) and, for a new message, `seq` (its number, as a string: Redis turns a Lua number into a string
 * with a printf each time one is passed or joined, and the number is used twice) set. The sender's field is claimed with HSETNX, so a
 * new message costs three calls (LLEN, HSETNX, RPUSH) and only a duplicate looks its number up. Arguments are Lua expressions such as `KEYS[1]`. Chat and ids expire with `session`, which
 * has a TTL only once it has ended (rswUpdate): with `session` undefined (the caller checked that the session is
 * active, in the same script), its TTL is not looked up.
 */
function appendMessage(chat: string, ids: string, session: string | undefined, sender: string, message: string): string {
  const expire = session
    ? `
      local ttl = redis.call('PTTL', ${session})
      if ttl > 0 then
        redis.call('PEXPIRE', ${chat}, ttl)
        redis.call('PEXPIRE', ${ids}, ttl)
      end`
    : '';
  return `
    local duplicate = 0
    local seq = tostring(redis.call('LLEN', ${chat}) + 1)
    local json
    if redis.call('HSETNX', ${ids}, ${sender}, seq) == 0 then
      json = redis.call('LINDEX', ${chat}, tonumber(redis.call('HGET', ${ids}, ${sender})) - 1)
      duplicate = 1
    else
      json = '{"seq":' .. seq .. ',' .. ${message}
      redis.call('RPUSH', ${chat}, json)${expire}
    end`;
}

const SCRIPTS = {
  /**
   * KEYS session, live, due · ARGV id, json, due ('' for none), then the membership fields (state, customer and
   * technician connection, '' for none) → 1, or 0 when the id exists.
   */
  rswInsert: `
    if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
    redis.call('HSET', KEYS[1], 'rev', 1, 'json', ARGV[2], 'state', ARGV[4], 'customerConn', ARGV[5], 'technicianConn', ARGV[6])
    redis.call('SADD', KEYS[2], ARGV[1])
    if ARGV[3] ~= '' then redis.call('ZADD', KEYS[3], ARGV[3], ARGV[1]) end
    return 1`,

  /**
   * Compare-and-set of a session record. KEYS session, live, due, then every key that expires with an ended session
   * (chat, chat ids, audit, resume tokens) · ARGV id, expected rev, json, ended (1/0), due ('' for none), retain ms,
   * then the membership fields (as rswInsert). → 1, or 0 when the record changed since it was read (or is gone).
   */
  rswUpdate: `
    local rev = redis.call('HGET', KEYS[1], 'rev')
    if rev ~= ARGV[2] then return 0 end
    redis.call('HSET', KEYS[1], 'rev', tonumber(rev) + 1, 'json', ARGV[3], 'state', ARGV[7], 'customerConn', ARGV[8], 'technicianConn', ARGV[9])
    if ARGV[4] == '1' then
      redis.call('SREM', KEYS[2], ARGV[1])
      redis.call('ZREM', KEYS[3], ARGV[1])
      redis.call('PEXPIRE', KEYS[1], ARGV[6])
      for i = 4, #KEYS do redis.call('PEXPIRE', KEYS[i], ARGV[6]) end
    elseif ARGV[5] == '' then
      redis.call('ZREM', KEYS[3], ARGV[1])
    else
      redis.call('ZADD', KEYS[3], ARGV[5], ARGV[1])
    end
    return 1`,

  /**
   * KEYS chat, chat ids, session · ARGV sender:clientId, the message's JSON without its opening brace.
   * → {json, 0} for a new message, {json, 1} for one this sender already sent with this client id.
   */
  rswAppendMessage: `${appendMessage('KEYS[1]', 'KEYS[2]', 'KEYS[3]', 'ARGV[1]', 'ARGV[2]')}
    return {json, duplicate}`,

  /**
   * A chat message in one round trip: the sender's membership, the shared message budget and the append, atomically.
   * KEYS session, chat, chat ids, rate-limit counter · ARGV holder field (customerConn | technicianConn), the sender's
   * connection id, sender:clientId, the message's JSON without its opening brace, budget points, budget window (s).
   * → {'ok', seq (a string), 0} for a new message (the relay knows the rest of it: the JSON it sent, `{"seq":seq,` in front),
   * {'ok', json, 1} for a duplicate (the message as first stored), {'rate-limited', ms to wait}, or {error code}
   * ('not-in-session', 'session-ended', 'invalid-state'). The budget counter is rate-limiter-flexible's (same key and
   * arithmetic: a counter that INCRBY creates gets the window as its TTL in the same step), so both count the same
   * messages; a refused sender (not a member, wrong state) takes no point. The counter's TTL is read only to answer a
   * refusal (a counter found without one, which neither leaves, gets it back then).
   * With a fifth key (the adapter's stream) and one more argument (a stream entry, packed: stream-entries.ts), the message
   * is also broadcast to the other side in the same step: a new one, and a duplicate again (its first broadcast may
   * be what the sender never heard of). The entry is one that the sender's process skips (it delivers to its own
   * sockets itself), so it is not written when the other side's holder is a connection of the sender's process
   * (connection ids start with their process's id, codes.ts): no other process has a socket to deliver it to then
   * (one that takes the session over reads the chat from the store after it took it, as every resume and attach
   * does), and every process's read of the stream is spared an entry.
   */
  rswSendMessage: `
    local to = ARGV[1] == 'customerConn' and 'technicianConn' or 'customerConn'
    local member = redis.call('HMGET', KEYS[1], 'state', ARGV[1], 'rev', to)
    local state, holder, recipient = member[1], member[2], member[4]
    if not member[3] then return {'not-in-session'} end
    if not state then
      -- written by a relay that did not keep the membership fields yet
      local record = cjson.decode(redis.call('HGET', KEYS[1], 'json'))
      state, holder, recipient = record.state, record[ARGV[1]], record[to]
    end
    if holder ~= ARGV[2] then return {'not-in-session'} end
    if state == 'ended' then return {'session-ended'} end
    if state ~= 'active' then return {'invalid-state'} end
    local consumed = redis.call('INCRBY', KEYS[4], '1')
    if consumed == 1 then redis.call('EXPIRE', KEYS[4], ARGV[6]) end
    if consumed > tonumber(ARGV[5]) then
      local left = redis.call('PTTL', KEYS[4])
      if left == -1 then
        redis.call('EXPIRE', KEYS[4], ARGV[6])
        left = 1000 * ARGV[6]
      end
      return {'rate-limited', left}
    end
${appendMessage('KEYS[2]', 'KEYS[3]', undefined, 'ARGV[3]', 'ARGV[4]')}
    if KEYS[5] then
      -- the sender's process, which delivers to its own sockets itself: does it hold the other side too?
      local dot = string.find(ARGV[2], '.', 1, true)
      if not (dot and type(recipient) == 'string' and string.sub(recipient, 1, dot) == string.sub(ARGV[2], 1, dot)) then ${xaddPacked('KEYS[5]', 'ARGV[7]', 'json')}
      end
    end
    if duplicate == 1 then return {'ok', json, 1} end
    return {'ok', seq, 0}`,

  /**
   * Forwards a use that passed the consent gate, unless the customer raised the session's fence since the gate was
   * passed. KEYS fence, stream · ARGV the fence as read before the gate ('' for none), the payload's JSON, then a
   * stream entry. → 1 when forwarded, 0 when not.
   */
  rswForwardUse: `
    local fence = redis.call('GET', KEYS[1]) or ''
    if fence ~= ARGV[1] then return 0 end
    ${xadd('KEYS[2]', 3, 'ARGV[2]')}
    return 1`,

  /**
   * Raises a session's fence (a customer took something back) and marks the stream at that point. KEYS fence, stream ·
   * ARGV how long the fence is kept (ms), max length, the writer's uid, namespace, marker type → the marker's id.
   */
  rswRaiseFence: `
    redis.call('INCR', KEYS[1])
    redis.call('PEXPIRE', KEYS[1], ARGV[1])
    return redis.call('XADD', KEYS[2], 'MAXLEN', '~', ARGV[2], '*', 'uid', ARGV[3], 'nsp', ARGV[4], 'type', ARGV[5])`,

  /**
   * KEYS audit, session · ARGV the entry's JSON without its opening brace, entries kept first, entries kept last →
   * the entry's JSON. Its seq is one past the last entry's; beyond the two counts the entry after the first ones is
   * dropped (store.ts AUDIT_KEEP_FIRST).
   */
  rswAppendAudit: `
    local last = redis.call('LINDEX', KEYS[1], -1)
    local seq = (last and tonumber(string.match(last, '^{"seq":(%d+),')) or 0) + 1
    local json = '{"seq":' .. seq .. ',' .. ARGV[1]
    local first = tonumber(ARGV[2])
    if redis.call('RPUSH', KEYS[1], json) > first + tonumber(ARGV[3]) then
      redis.call('LSET', KEYS[1], first, '')
      redis.call('LREM', KEYS[1], 1, '')
    end
    local ttl = redis.call('PTTL', KEYS[2])
    if ttl > 0 then redis.call('PEXPIRE', KEYS[1], ttl) end
    return json`,

  /** KEYS code · ARGV session id, expires at, forget at (ms since epoch) → 1, or 0 when the code is taken. */
  rswReserveCode: `
    if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
    redis.call('HSET', KEYS[1], 'sid', ARGV[1], 'exp', ARGV[2], 'used', 0)
    redis.call('PEXPIREAT', KEYS[1], ARGV[3])
    return 1`,

  /** KEYS code · ARGV now → {'ok', session id} the first time a valid code is claimed, else {'invalid' | 'used' | 'expired'}. */
  rswClaimCode: `
    local e = redis.call('HMGET', KEYS[1], 'sid', 'exp', 'used')
    if not e[1] then return {'invalid'} end
    if e[3] == '1' then return {'used'} end
    if tonumber(e[2]) <= tonumber(ARGV[1]) then return {'expired'} end
    redis.call('HSET', KEYS[1], 'used', 1)
    return {'ok', e[1]}`,

  /** KEYS queue, queue counter · ARGV session id. Appends the session unless it is in the queue. */
  rswEnqueue: `
    if redis.call('ZSCORE', KEYS[1], ARGV[1]) then return 0 end
    redis.call('ZADD', KEYS[1], redis.call('INCR', KEYS[2]), ARGV[1])
    return 1`,

  /** KEYS due · ARGV now, limit, lease until → ids due by now, each leased until the given time. */
  rswClaimDue: `
    local ids = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, ARGV[2])
    for _, id in ipairs(ids) do redis.call('ZADD', KEYS[1], 'XX', ARGV[3], id) end
    return ids`,
} as const;

export type ScriptName = keyof typeof SCRIPTS;
export type RunScript = (name: ScriptName, keys: string[], args: Array<string | number>) => Promise<unknown>;

/** Defines the scripts on `client` (once) and returns a function that runs one. */
export function defineScripts(client: Redis): RunScript {
  const commands = client as unknown as Record<ScriptName, (...args: Array<string | number>) => Promise<unknown>>;
  for (const [name, lua] of Object.entries(SCRIPTS)) {
    if (typeof commands[name as ScriptName] !== 'function') client.defineCommand(name, { lua });
  }
  return (name, keys, args) => commands[name](keys.length, ...keys, ...args);
}
