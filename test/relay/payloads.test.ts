/**
 * Every client → relay event in both namespaces, fed malformed payloads by a participant of a live session whose
 * every function is granted: each is answered with an error ack (`bad-payload`, or `too-large` for an over-long chat
 * text or a packet over its event's limit), nothing in the store changes, nothing reaches anyone, and the relay keeps serving another live session.
 */
import type { Socket } from 'socket.io-client';
import { describe, expect, it } from 'vitest';
import type { ChatMessage } from '../../src/protocol/index.js';
import { emitRaw, recordAll } from './clients.js';
import { rawSocketIo, type RawSocketIo } from './raw-clients.js';
import { call, grant, next, ok, pair, sleep, startRelay, type TestRelay } from './support.js';

type Payload = Record<string, unknown>;

interface EventSpec {
  name: string;
  /** A well-formed payload the mutations start from. */
  valid: Payload;
  /** Keys that may be left out. */
  optional?: string[];
  /** Well-typed but invalid values, beyond the generic mutations. */
  invalid?: Array<[label: string, payload: unknown]>;
}

interface Case {
  label: string;
  args: unknown[];
  expected: 'bad-payload' | 'too-large';
}

const HUGE = 'x'.repeat(300_000);

const CHAT: EventSpec[] = [
  {
    name: 'chat:send',
    valid: { clientId: 'c1', text: 'hello' },
    invalid: [
      ['an empty text', { clientId: 'c1', text: '' }],
      ['an empty client id', { clientId: '', text: 'hi' }],
      ['a client id of 65 characters', { clientId: 'c'.repeat(65), text: 'hi' }],
      ['a client id with a space', { clientId: 'c 1', text: 'hi' }],
      ['a forged sender', { clientId: 'c1', text: 'hi', from: 'technician' }],
      ['a forged sequence number', { clientId: 'c1', text: 'hi', seq: 1 }],
    ],
  },
  { name: 'chat:typing', valid: { typing: true } },
  {
    name: 'chat:history',
    valid: { afterSeq: 0 },
    invalid: [
      ['a negative sequence number', { afterSeq: -1 }],
      ['a fractional sequence number', { afterSeq: 1.5 }],
    ],
  },
  { name: 'session:end', valid: {}, invalid: [['a reason field', { reason: 'customer-ended' }]] },
  { name: 'audit:fetch', valid: {}, invalid: [['a session id', { sessionId: 'someone-else' }]] },
];

const SIGNALLING: EventSpec[] = [
  {
    name: 'screen:signal',
    valid: { kind: 'answer', data: 'v=0' },
    invalid: [
      ['an unknown kind', { kind: 'exec', data: 'v=0' }],
      ['a signal over 64 KiB', { kind: 'offer', data: 'x'.repeat(64 * 1024 + 1) }],
    ],
  },
  {
    name: 'file:chunk',
    valid: { transferId: 't1', index: 0, data: 'aGVsbG8=' },
    invalid: [
      ['data that is not base64', { transferId: 't1', index: 0, data: 'not base64!' }],
      ['a chunk over 256 KiB', { transferId: 't1', index: 0, data: 'A'.repeat(256 * 1024 + 4) }],
      ['a negative index', { transferId: 't1', index: -1, data: 'aGVsbG8=' }],
      ['a fractional index', { transferId: 't1', index: 0.5, data: 'aGVsbG8=' }],
      ['a transfer id with a slash', { transferId: '../etc', index: 0, data: 'aGVsbG8=' }],
      ['an empty chunk', { transferId: 't1', index: 0, data: '' }],
      ['a last flag (the size tells the end)', { transferId: 't1', index: 0, data: 'aGVsbG8=', last: true }],
    ],
  },
];

const SHA = 'b94d27b9934d3e08a52e52d7da7dabfac484efe37a5380ee9088f7ace2efcde9';

const FILES: EventSpec[] = [
  {
    name: 'file:offer',
    valid: { transferId: 't1', name: 'report.pdf', size: 11, type: 'application/pdf', sha256: SHA },
    invalid: [
      ['a name with a path', { transferId: 't1', name: '../../etc/passwd', size: 11, type: '', sha256: SHA }],
      ['a name with a backslash', { transferId: 't1', name: 'C:\\boot.ini', size: 11, type: '', sha256: SHA }],
      ['an empty name', { transferId: 't1', name: '', size: 11, type: '', sha256: SHA }],
      ['a name with a right-to-left override', { transferId: 't1', name: 'invoice-2024\u202efdp.exe', size: 11, type: '', sha256: SHA }],
      ['a name with a zero-width space', { transferId: 't1', name: 'report\u200b.pdf', size: 11, type: '', sha256: SHA }],
      ['a name with a bidi isolate', { transferId: 't1', name: '\u2067report.pdf', size: 11, type: '', sha256: SHA }],
      ['a name with a byte order mark', { transferId: 't1', name: '\ufeffreport.pdf', size: 11, type: '', sha256: SHA }],
      ['a name of 256 characters', { transferId: 't1', name: 'n'.repeat(256), size: 11, type: '', sha256: SHA }],
      ['a negative size', { transferId: 't1', name: 'a', size: -1, type: '', sha256: SHA }],
      ['a fractional size', { transferId: 't1', name: 'a', size: 1.5, type: '', sha256: SHA }],
      ['a size over 2 GiB', { transferId: 't1', name: 'a', size: 2 ** 31 + 1, type: '', sha256: SHA }],
      ['an upper-case hash', { transferId: 't1', name: 'a', size: 1, type: '', sha256: SHA.toUpperCase() }],
      ['a short hash', { transferId: 't1', name: 'a', size: 1, type: '', sha256: SHA.slice(1) }],
    ],
  },
  { name: 'file:accept', valid: { transferId: 't1' }, invalid: [['a transfer id with a space', { transferId: 't 1' }]] },
  {
    name: 'file:done',
    valid: { transferId: 't1', sha256: SHA },
    invalid: [['a hash that is not hex', { transferId: 't1', sha256: 'z'.repeat(64) }]],
  },
  {
    name: 'file:cancel',
    valid: { transferId: 't1', reason: 'declined' },
    optional: ['reason'],
    invalid: [
      ['a reason only the relay gives', { transferId: 't1', reason: 'revoked' }],
      ['an unknown reason', { transferId: 't1', reason: 'bored' }],
    ],
  },
];

const CUSTOMER_EVENTS: EventSpec[] = [
  {
    name: 'session:join',
    valid: { code: '123456' },
    invalid: [
      ['a code with a letter', { code: '12345a' }],
      ['a code with a leading space', { code: ' 123456' }],
      ['a code with a trailing newline', { code: '123456\n' }],
      ['a code of full-width digits', { code: '１２３４５６' }],
      ['a code of 3 digits', { code: '123' }],
      ['a code of 13 digits', { code: '1234567890123' }],
    ],
  },
  {
    name: 'queue:join',
    valid: { name: 'Ada', description: 'My printer is offline' },
    invalid: [
      ['an empty name', { name: '', description: '' }],
      ['a name of spaces', { name: '   ', description: '' }],
      ['a name of 81 characters', { name: 'n'.repeat(81), description: '' }],
      ['a description of 501 characters', { name: 'Ada', description: 'd'.repeat(501) }],
    ],
  },
  { name: 'queue:leave', valid: {}, invalid: [['a session id', { sessionId: 'x' }]] },
  {
    name: 'session:resume',
    valid: { token: 'a'.repeat(32), lastSeq: 0 },
    invalid: [
      ['a short token', { token: 'short', lastSeq: 0 }],
      ['a token of 101 characters', { token: 'a'.repeat(101), lastSeq: 0 }],
      ['a token with a bang', { token: `${'a'.repeat(31)}!`, lastSeq: 0 }],
      ['a negative last sequence number', { token: 'a'.repeat(32), lastSeq: -1 }],
      ['a fractional last sequence number', { token: 'a'.repeat(32), lastSeq: 0.5 }],
    ],
  },
  {
    name: 'consent:decide',
    valid: { promptId: 'p1-desktop-view', allow: true },
    invalid: [
      ['an empty prompt id', { promptId: '', allow: true }],
      ['a prompt id with markup', { promptId: '<b>', allow: true }],
      ['a prompt id of 65 characters', { promptId: 'p'.repeat(65), allow: true }],
    ],
  },
  {
    name: 'consent:revoke',
    valid: { fn: 'desktop-view', reason: 'picker-cancelled' },
    optional: ['reason'],
    invalid: [
      ['an unknown reason', { fn: 'desktop-view', reason: 'because' }],
      ['an unknown function', { fn: 'everything' }],
      ['a function in the wrong case', { fn: 'Desktop-View' }],
      ['a prototype key as function', { fn: '__proto__' }],
    ],
  },
  { name: 'consent:revoke-all', valid: {}, invalid: [['a function', { fn: 'desktop-view' }]] },
  {
    name: 'session:rejoin',
    valid: { token: 'a'.repeat(32) },
    invalid: [
      ['a short token', { token: 'short' }],
      ['a token with a bang', { token: `${'a'.repeat(31)}!` }],
    ],
  },
  {
    name: 'screen:state',
    valid: { state: 'sharing', surface: 'this-tab' },
    invalid: [
      ['an unknown surface', { state: 'sharing', surface: 'everything' }],
      ['sharing without a surface', { state: 'sharing' }],
      ['stopped with a surface', { state: 'stopped', surface: 'monitor' }],
      ['an unknown state', { state: 'paused' }],
    ],
  },
  {
    name: 'sysinfo:report',
    valid: { items: [{ key: 'timeZone', value: 'UTC' }] },
    invalid: [
      ['no items', { items: [] }],
      ['an unknown key', { items: [{ key: 'history', value: 'x' }] }],
      ['a key twice', { items: [{ key: 'timeZone', value: 'UTC' }, { key: 'timeZone', value: 'UTC' }] }],
      ['an empty value', { items: [{ key: 'timeZone', value: '' }] }],
      ['a value over 1000 characters', { items: [{ key: 'userAgent', value: 'u'.repeat(1001) }] }],
      ['an item with an extra field', { items: [{ key: 'timeZone', value: 'UTC', note: 'x' }] }],
    ],
  },
  { name: 'sysinfo:decline', valid: {}, invalid: [['a reason', { reason: 'private' }]] },
  ...CHAT,
  ...SIGNALLING,
  ...FILES,
];

const TECHNICIAN_EVENTS: EventSpec[] = [
  {
    name: 'session:create',
    valid: { functions: ['desktop-view'] },
    optional: ['functions'],
    invalid: [
      ['no functions', { functions: [] }],
      ['an unknown function', { functions: ['teleport'] }],
      ['six functions', { functions: ['reboot', 'reboot', 'reboot', 'reboot', 'reboot', 'reboot'] }],
    ],
  },
  {
    name: 'session:attach',
    valid: { sessionId: 'abc' },
    invalid: [
      ['an empty session id', { sessionId: '' }],
      ['a path as session id', { sessionId: '../abc' }],
      ['a session id of 65 characters', { sessionId: 's'.repeat(65) }],
    ],
  },
  { name: 'queue:list', valid: {}, invalid: [['a filter', { all: true }]] },
  { name: 'queue:pick', valid: { sessionId: 'abc' }, invalid: [['a path as session id', { sessionId: 'a/b' }]] },
  {
    name: 'consent:request',
    valid: { fn: 'desktop-view' },
    invalid: [
      ['an unknown function', { fn: 'root' }],
      ['a prototype key as function', { fn: 'constructor' }],
    ],
  },
  ...CHAT,
  { name: 'sysinfo:request', valid: {}, invalid: [['a field', { full: true }]] },
  { name: 'reboot:request', valid: {}, invalid: [['a field', { now: true }]] },
  ...SIGNALLING,
  ...FILES,
  {
    name: 'control:event',
    valid: { type: 'pointer', x: 0.5, y: 0.5 },
    invalid: [
      ['a pointer right of the screen', { type: 'pointer', x: 1.5, y: 0.5 }],
      ['a pointer above the screen', { type: 'pointer', x: 0.5, y: -0.1 }],
      ['a key press', { type: 'key', key: 'a' }],
      ['a pointer-hide with coordinates', { type: 'pointer-hide', x: 0 }],
    ],
  },
];

function wrongTypes(value: unknown): unknown[] {
  if (typeof value === 'string') return [null, 123456, true, {}, [value]];
  if (typeof value === 'number') return [null, String(value), true, {}, [value]];
  if (typeof value === 'boolean') return [null, 'true', 1, {}, [value]];
  if (Array.isArray(value)) return [null, 'desktop-view', 1, {}, [value]];
  return [null, 'x', 1];
}

/** Every malformed variant of `spec` and the error it must get. */
function casesFor(spec: EventSpec): Case[] {
  const { valid } = spec;
  const bad = (label: string, ...args: unknown[]): Case => ({ label, args, expected: 'bad-payload' });
  // Over every event's packet limit (file chunks' included): refused before it is parsed.
  const tooLarge = (label: string, ...args: unknown[]): Case => ({ label, args, expected: 'too-large' });
  const cases: Case[] = [
    bad('null', null),
    bad('a string', 'hello'),
    tooLarge('a huge string', HUGE),
    bad('zero', 0),
    bad('a number', 42),
    bad('true', true),
    bad('an empty array', []),
    bad('an array holding the payload', [valid]),
    bad('an extra field', { ...valid, extra: 1 }),
    tooLarge('a huge extra field', { ...valid, junk: HUGE }),
    bad('an own __proto__ field', JSON.parse(`{"__proto__":{"isAdmin":true},${JSON.stringify(valid).slice(1)}`.replace(',}', '}'))),
    bad('a constructor field', { ...valid, constructor: 'x' }),
    bad('two payloads', valid, valid),
    bad('a payload and a string', valid, 'extra'),
    bad('a payload and null', valid, null),
  ];
  const keys = Object.keys(valid);
  if (keys.some((k) => !spec.optional?.includes(k))) cases.push(bad('no payload at all'), bad('an empty object', {}));
  for (const key of keys) {
    const value = valid[key];
    if (!spec.optional?.includes(key)) {
      const { [key]: _dropped, ...rest } = valid;
      cases.push(bad(`${key} missing`, rest));
    }
    for (const wrong of wrongTypes(value)) cases.push(bad(`${key} as ${JSON.stringify(wrong)}`, { ...valid, [key]: wrong }));
    if (typeof value === 'string') {
      cases.push(tooLarge(`a huge ${key}`, { ...valid, [key]: HUGE }));
    }
  }
  for (const [label, payload] of spec.invalid ?? []) cases.push(bad(label, payload));
  return cases;
}

const FUNCTIONS = ['desktop-view', 'remote-control', 'file-transfer', 'system-info', 'reboot'];

/** A relay with two live sessions; in the first, every function is granted. */
async function scene(options: Parameters<typeof startRelay>[0] = {}) {
  const t = await startRelay({ eventsPerSecond: 100_000, messagesPerMinute: 100_000, ...options });
  const first = await pair(t);
  for (const fn of FUNCTIONS) await grant(first.tech, first.cust, fn);
  const second = await pair(t);
  await sleep(30); // let the grants' broadcasts arrive before anything is recorded
  return { t, first, second };
}

async function snapshot(t: TestRelay, sessionId: string) {
  const { store } = t.relay;
  return {
    session: await store.getSession(sessionId),
    messages: await store.messagesAfter(sessionId, 0),
    audit: await store.audit(sessionId),
    live: await store.countLive(),
    queue: await store.queue(),
  };
}

/** Chat still flows between `from` and `to`. */
async function chatFlows(from: Socket, to: Socket, text = 'still here'): Promise<void> {
  const received = next<ChatMessage>(to, 'chat:message');
  await ok(from, 'chat:send', { clientId: `ping-${Math.random().toString(36).slice(2)}`, text });
  expect((await received).text).toBe(text);
}

async function refusesAll(sender: Socket, spec: EventSpec): Promise<void> {
  const cases = casesFor(spec);
  expect(cases.length).toBeGreaterThan(15);
  const wrong: Array<{ label: string; expected: string; got: unknown }> = [];
  for (const c of cases) {
    const ack = (await emitRaw(sender, spec.name, ...c.args)) as { ok: boolean; error?: { code: string } };
    if (ack.ok !== false || ack.error?.code !== c.expected) wrong.push({ label: c.label, expected: c.expected, got: ack });
  }
  expect(wrong).toEqual([]);
}

describe('malformed payloads in the customer namespace', () => {
  it.each(CUSTOMER_EVENTS)('are refused for $name, change nothing and leave the relay serving', async (spec) => {
    const { t, first, second } = await scene();
    const before = await snapshot(t, first.sessionId);
    const seenByTech = recordAll(first.tech);
    const seenByCustomer = recordAll(first.cust);

    await refusesAll(first.cust, spec);

    await sleep(30);
    expect(seenByTech).toEqual([]);
    expect(seenByCustomer).toEqual([]);
    expect(await snapshot(t, first.sessionId)).toEqual(before);
    expect(first.cust.connected).toBe(true);
    await chatFlows(second.cust, second.tech);
    await chatFlows(first.cust, first.tech);
  });
});

describe('malformed payloads in the technician namespace', () => {
  it.each(TECHNICIAN_EVENTS)('are refused for $name, change nothing and leave the relay serving', async (spec) => {
    const { t, first, second } = await scene();
    const before = await snapshot(t, first.sessionId);
    const seenByTech = recordAll(first.tech);
    const seenByCustomer = recordAll(first.cust);

    await refusesAll(first.tech, spec);

    await sleep(30);
    expect(seenByTech).toEqual([]);
    expect(seenByCustomer).toEqual([]);
    expect(await snapshot(t, first.sessionId)).toEqual(before);
    expect(first.tech.connected).toBe(true);
    await chatFlows(second.tech, second.cust);
    await chatFlows(first.tech, first.cust);
  });
});

describe('chat text length', () => {
  it('refuses a chat text over the configured maxMessageLength as too-large, from either side, and relays nothing', async () => {
    const { t, first, second } = await scene({ maxMessageLength: 50 });
    const before = await snapshot(t, first.sessionId);
    const seenByTech = recordAll(first.tech);
    const seenByCustomer = recordAll(first.cust);

    for (const sender of [first.cust, first.tech]) {
      for (const text of ['x'.repeat(51), 'x'.repeat(2_001), 'x'.repeat(10_001)]) {
        expect(await call(sender, 'chat:send', { clientId: 'long', text })).toMatchObject({ ok: false, error: { code: 'too-large' } });
      }
    }
    await sleep(30);
    expect(seenByTech).toEqual([]);
    expect(seenByCustomer).toEqual([]);
    expect(await snapshot(t, first.sessionId)).toEqual(before);

    await chatFlows(second.cust, second.tech);
    await chatFlows(first.cust, first.tech, 'y'.repeat(50));
  });

  it('refuses a chat text over the default limit of 2,000 characters as too-large', async () => {
    const { first } = await scene();
    expect(await call(first.cust, 'chat:send', { clientId: 'c1', text: 'x'.repeat(2_001) })).toMatchObject({
      ok: false,
      error: { code: 'too-large' },
    });
    await chatFlows(first.cust, first.tech, 'x'.repeat(2_000));
  });
});

describe('unknown events', () => {
  it('answers an unknown event with an acknowledgement with bad-payload in both namespaces', async () => {
    const { first, second } = await scene();
    for (const socket of [first.cust, first.tech]) {
      for (const event of ['session:hijack', 'admin', 'x'.repeat(1_000), 'consent:grant']) {
        expect(await emitRaw(socket, event, {})).toMatchObject({ ok: false, error: { code: 'bad-payload' } });
      }
      expect(await emitRaw(socket, 'session:hijack')).toMatchObject({ ok: false, error: { code: 'bad-payload' } });
    }
    await chatFlows(second.cust, second.tech);
  });

  it("treats the other role's events as unknown: a customer cannot create or request, a technician cannot decide", async () => {
    const { t, first } = await scene();
    const before = await snapshot(t, first.sessionId);
    const seenByCustomer = recordAll(first.cust);
    for (const [event, payload] of [
      ['session:create', {}],
      ['consent:request', { fn: 'desktop-view' }],
      ['sysinfo:request', {}],
      ['reboot:request', {}],
      ['control:event', { type: 'pointer-hide' }],
      ['queue:list', {}],
    ] as const) {
      expect(await emitRaw(first.cust, event, payload)).toMatchObject({ ok: false, error: { code: 'bad-payload' } });
    }
    for (const [event, payload] of [
      ['consent:decide', { promptId: 'p1-desktop-view', allow: true }],
      ['consent:revoke', { fn: 'desktop-view' }],
      ['consent:revoke-all', {}],
      ['session:join', { code: '123456' }],
      ['session:resume', { token: 'a'.repeat(32), lastSeq: 0 }],
      ['session:rejoin', { token: 'a'.repeat(32) }],
      ['screen:state', { state: 'stopped' }],
      ['sysinfo:report', { items: [{ key: 'timeZone', value: 'UTC' }] }],
      ['sysinfo:decline', {}],
    ] as const) {
      expect(await emitRaw(first.tech, event, payload)).toMatchObject({ ok: false, error: { code: 'bad-payload' } });
    }
    await sleep(30);
    expect(seenByCustomer).toEqual([]);
    expect(await snapshot(t, first.sessionId)).toEqual(before);
  });

  it('ignores an unknown event without an acknowledgement and keeps the socket usable', async () => {
    const { first } = await scene();
    first.cust.emit('session:hijack', { all: true });
    first.tech.emit('rm -rf', 'now');
    await chatFlows(first.cust, first.tech);
    expect(first.cust.connected && first.tech.connected).toBe(true);
  });
});

/**
 * What refusing a hostile payload costs the relay, measured: the relay's (this process's) CPU time from sending a
 * prebuilt packet on a raw WebSocket until its acknowledgement arrives, and the memory in use right after. The
 * payloads are those that used to cost 0.4–1.2 s and hundreds of MB each (every element checked and every issue
 * reported before the length check).
 */
describe('the cost of refusing a hostile payload', () => {
  const CPU_MS = 20;
  const numbers = (n: number) => `[${Array.from({ length: n }, () => '1').join(',')}]`;
  const nested = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;
  const manyKeys = (n: number) => `{${Array.from({ length: n }, (_, i) => `"k${i}":1`).join(',')}}`;
  const CUSTOMER: Array<[label: string, event: string, json: string, code: string]> = [
    ['sysinfo:report with an array of 261,000 numbers (522 KB)', 'sysinfo:report', `{"items":${numbers(261_000)}}`, 'too-large'],
    ['sysinfo:report with an array of 15,000 numbers (within the packet limit)', 'sysinfo:report', `{"items":${numbers(15_000)}}`, 'bad-payload'],
    ['sysinfo:report nested 200,000 deep', 'sysinfo:report', `{"items":${nested(200_000)}}`, 'too-large'],
    ['sysinfo:report nested 15,000 deep (within the packet limit)', 'sysinfo:report', `{"items":${nested(15_000)}}`, 'bad-payload'],
    ['sysinfo:report with an item of 3,500 keys', 'sysinfo:report', `{"items":[${manyKeys(3_500)}]}`, 'bad-payload'],
    ['queue:join with 40,000 keys', 'queue:join', manyKeys(40_000), 'too-large'],
    ['chat:send with a text of 500,000 characters', 'chat:send', `{"clientId":"c1","text":"${'x'.repeat(500_000)}"}`, 'too-large'],
    ['file:offer with a name of 60,000 escaped characters', 'file:offer', `{"transferId":"t","name":"${'\\u202e'.repeat(10_000)}"}`, 'too-large'],
    ['session:join with a code of 400,000 digits', 'session:join', `{"code":"${'1'.repeat(400_000)}"}`, 'too-large'],
  ];
  const TECHNICIAN: Array<[label: string, event: string, json: string, code: string]> = [
    ['session:create with 50,000 functions (450 KB)', 'session:create', `{"functions":[${Array.from({ length: 50_000 }, () => '"reboot"').join(',')}]}`, 'too-large'],
    ['session:create with 400 functions (within the packet limit)', 'session:create', `{"functions":[${Array.from({ length: 400 }, () => '"reboot"').join(',')}]}`, 'bad-payload'],
  ];

  /** Sends `event` with `json` as its payload; resolves to the relay's answer, the CPU it took and the heap after. */
  async function measure(client: RawSocketIo, nsp: string, id: number, event: string, json: string) {
    const packet = `42${nsp},${id}["${event}",${json}]`;
    const answer = client.next(`43${nsp},${id}[`);
    const cpu = process.cpuUsage();
    client.send(packet);
    const ack = JSON.parse((await answer).slice(`43${nsp},${id}`.length)) as [{ ok: boolean; error?: { code: string } }];
    const used = process.cpuUsage(cpu);
    const memory = process.memoryUsage();
    return { ack: ack[0], cpuMs: (used.user + used.system) / 1000, heapMb: (memory.heapUsed + memory.arrayBuffers) / 2 ** 20, chars: packet.length };
  }

  async function check(client: RawSocketIo, nsp: string, cases: typeof CUSTOMER) {
    const start = process.memoryUsage();
    const baseline = (start.heapUsed + start.arrayBuffers) / 2 ** 20;
    let peak = 0;
    let id = 0;
    for (const [label, event, json, code] of cases) {
      // The first refusal of a kind warms the code paths up; the second is measured.
      await measure(client, nsp, ++id, event, json);
      const m = await measure(client, nsp, ++id, event, json);
      peak = Math.max(peak, m.heapMb - baseline);
      console.log(`${label}: ${m.chars} characters → ${m.ack.error?.code}, ${m.cpuMs.toFixed(2)} ms CPU`);
      expect(m.ack, `${label}: ${JSON.stringify(m.ack)}`).toMatchObject({ ok: false, error: { code } });
      expect(m.cpuMs, label).toBeLessThan(CPU_MS);
    }
    console.log(`heap and buffers grew by at most ${peak.toFixed(1)} MB over ${cases.length * 2} hostile payloads`);
    expect(peak).toBeLessThan(64);
  }

  it('costs a few milliseconds and bounded memory for a socket that never joined (customer)', async () => {
    const t = await startRelay({ eventsPerSecond: 100_000 });
    const client = await rawSocketIo(t.url, '/customer');
    await check(client, '/customer', CUSTOMER);
    // Still served afterwards.
    client.send('42/customer,99["chat:history",{"afterSeq":0}]');
    expect(await client.next('43/customer,99[')).toContain('not-in-session');
  });

  it('costs a few milliseconds and bounded memory for a signed-in technician', async () => {
    const t = await startRelay({ eventsPerSecond: 100_000 });
    const client = await rawSocketIo(t.url, '/technician', { auth: { token: t.token } });
    await check(client, '/technician', TECHNICIAN);
  });
});
