/**
 * Inbound payload validation (SPEC §6: every inbound payload is validated; a bad payload gets a stable error code).
 */
import { describe, expect, it } from 'vitest';
import { FUNCTION_IDS, isFunctionId } from '../../src/protocol/functions.js';
import {
  GATED_EVENTS,
  LIMITS,
  parsePayload,
  schemas,
  type Payload,
  type SchemaName,
} from '../../src/protocol/schemas.js';

/** One valid payload per event. Typed as a full mapping, so a new schema without an example fails to compile. */
const VALID: { [E in SchemaName]: Payload<E> } = {
  'session:join': { code: '482913' },
  'queue:join': { name: 'Ada Lovelace', description: 'My printer prints only question marks.' },
  'queue:leave': {},
  'session:resume': { token: 'Zq3_kP9-xW2vN8mT4rY1sB7', lastSeq: 12 },
  'consent:decide': { promptId: 'p3-desktop-view', allow: true },
  'consent:revoke': { fn: 'desktop-view' },
  'consent:revoke-all': {},
  'session:create': { functions: ['desktop-view', 'file-transfer'] },
  'session:attach': { sessionId: 'sess_8f3a2c' },
  'queue:list': {},
  'queue:pick': { sessionId: 'sess_8f3a2c' },
  'consent:request': { fn: 'system-info' },
  'session:handoff': { technicianId: 'tech-2' },
  'technicians:list': {},
  'chat:send': { clientId: 'msg-1700000000000-1', text: 'Hello, can you see my screen?' },
  'chat:typing': { typing: true },
  'chat:history': { afterSeq: 0 },
  'session:end': {},
  'audit:fetch': {},
  'sysinfo:request': {},
  'reboot:request': {},
  'screen:signal': { kind: 'offer', data: 'v=0\r\no=- 4611731400430051336 2 IN IP4 127.0.0.1\r\n' },
  'control:event': { type: 'pointer', x: 0.25, y: 0.75 },
  'file:chunk': { transferId: 'tx-42', index: 0, data: 'aGVsbG8gd29ybGQ=' },
  'file:offer': { transferId: 'tx-42', name: 'report.pdf', size: 11, type: 'application/pdf', sha256: 'b94d27b9934d3e08a52e52d7da7dabfac484efe37a5380ee9088f7ace2efcde9' },
  'file:accept': { transferId: 'tx-42' },
  'file:cancel': { transferId: 'tx-42', reason: 'cancelled' },
  'file:done': { transferId: 'tx-42', sha256: 'b94d27b9934d3e08a52e52d7da7dabfac484efe37a5380ee9088f7ace2efcde9' },
  'screen:state': { state: 'sharing', surface: 'this-tab' },
  'sysinfo:report': { items: [{ key: 'timeZone', value: 'Europe/Warsaw' }] },
  'sysinfo:decline': {},
  'session:rejoin': { token: 'r'.repeat(43) },
  'session:rate': { score: 4, comment: 'Quick and kind, thank you.' },
  'message:leave': { name: 'Ada Lovelace', contact: { kind: 'email', value: 'ada@example.com' }, text: 'Please call me back about the printer.', lang: 'pl' },
  'inbox:list': {},
};

const NAMES = Object.keys(schemas) as SchemaName[];
const WITH_FIELDS = NAMES.filter((name) => Object.keys(VALID[name]).length > 0);
const OPTIONAL_FIELDS: Partial<Record<SchemaName, string[]>> = {
  'session:create': ['functions'],
  'consent:revoke': ['reason'],
  'file:cancel': ['reason'],
  'session:rate': ['comment'],
  'message:leave': ['lang'],
};

function fieldsOf(name: SchemaName): [string, unknown][] {
  return Object.entries(VALID[name] as Record<string, unknown>);
}

function expectRefused(name: SchemaName, input: unknown, code: 'bad-payload' | 'too-large' = 'bad-payload'): string[] {
  const result = parsePayload(name, input);
  expect(result.ok, `${name} accepted ${JSON.stringify(input)?.slice(0, 200)}`).toBe(false);
  if (result.ok) return [];
  expect(result.code).toBe(code);
  expect(result.issues.length).toBeGreaterThan(0);
  return result.issues;
}

function expectAccepted<E extends SchemaName>(name: E, input: unknown): Payload<E> {
  const result = parsePayload(name, input);
  if (!result.ok) throw new Error(`${name} refused ${JSON.stringify(input)?.slice(0, 200)}: ${result.issues.join('; ')}`);
  return result.value;
}

/** A value of a different type than `value`. */
function wrongType(value: unknown): unknown[] {
  if (typeof value === 'string') return [42, true, null, [value], { value }];
  if (typeof value === 'number') return [String(value), true, null, [value]];
  if (typeof value === 'boolean') return ['true', 1, null];
  if (Array.isArray(value)) return ['desktop-view', { 0: (value as unknown[])[0] }, null];
  return [null];
}

describe('every event', () => {
  it('has a schema and an example payload, and nothing else', () => {
    expect(Object.keys(VALID).sort()).toEqual([...NAMES].sort());
  });

  it.each(NAMES)('%s accepts a valid payload and returns it', (name) => {
    expect(expectAccepted(name, VALID[name])).toEqual(VALID[name]);
  });

  it.each(NAMES)('%s refuses payloads that are not objects', (name) => {
    for (const input of [undefined, null, 'payload', 42, true, [], [VALID[name]], () => VALID[name], new Uint8Array(0), new Date(0), new Map()]) {
      expectRefused(name, input);
    }
  });

  it.each(NAMES)('%s refuses unknown extra fields instead of silently dropping them', (name) => {
    expectRefused(name, { ...VALID[name], extra: 1 });
    expectRefused(name, { ...VALID[name], constructor: 'x' });
  });

  it.each(NAMES)('%s refuses a __proto__ key smuggled in through JSON', (name) => {
    const json = JSON.stringify(VALID[name]).replace(/^\{/, '{"__proto__":{"admin":true}' + (WITH_FIELDS.includes(name) ? ',' : ''));
    expectRefused(name, JSON.parse(json));
  });

  it.each(WITH_FIELDS)('%s refuses a payload with a required field missing', (name) => {
    for (const [field] of fieldsOf(name)) {
      if (OPTIONAL_FIELDS[name]?.includes(field)) continue;
      const { [field]: _dropped, ...rest } = VALID[name] as Record<string, unknown>;
      expectRefused(name, rest);
    }
  });

  it.each(WITH_FIELDS)('%s refuses fields of the wrong type', (name) => {
    for (const [field, value] of fieldsOf(name)) {
      for (const wrong of wrongType(value)) expectRefused(name, { ...VALID[name], [field]: wrong });
    }
  });

  it.each(WITH_FIELDS)('%s refuses a huge string in any field as a bad payload (except chat text)', (name) => {
    const huge = 'A'.repeat(2_000_000);
    for (const [field] of fieldsOf(name)) {
      const code = name === 'chat:send' && field === 'text' ? 'too-large' : 'bad-payload';
      expectRefused(name, { ...VALID[name], [field]: huge }, code);
    }
  });

  it('explains what was wrong, naming the field', () => {
    const issues = expectRefused('chat:send', { clientId: 'c1', text: 7 });
    expect(issues.some((issue) => issue.startsWith('text:'))).toBe(true);
    const extra = expectRefused('queue:leave', { sneaky: true });
    expect(extra.join(' ')).toContain('sneaky');
  });
});

describe('session:join', () => {
  it('accepts a numeric code and refuses anything else', () => {
    expectAccepted('session:join', { code: '000000' });
    for (const code of ['', '12 3456', '12345a', '123', '1234567890123', ' 123456', '123456\n', '١٢٣٤٥٦', '１２３４５６', 123456]) {
      expectRefused('session:join', { code });
    }
  });
});

describe('queue:join', () => {
  it('trims the customer name and refuses one that is only spaces', () => {
    expect(expectAccepted('queue:join', { name: '  Ada  ', description: '' }).name).toBe('Ada');
    expectRefused('queue:join', { name: '   ', description: '' });
    expectRefused('queue:join', { name: '', description: '' });
  });

  it('limits the name and description lengths', () => {
    expectAccepted('queue:join', { name: 'N'.repeat(LIMITS.name), description: 'd'.repeat(LIMITS.description) });
    expectRefused('queue:join', { name: 'N'.repeat(LIMITS.name + 1), description: '' });
    expectRefused('queue:join', { name: 'Ada', description: 'd'.repeat(LIMITS.description + 1) });
  });
});

describe('session:resume', () => {
  it('refuses malformed resume tokens and sequence numbers', () => {
    expectRefused('session:resume', { token: 'short', lastSeq: 0 });
    expectRefused('session:resume', { token: 'x'.repeat(101), lastSeq: 0 });
    expectRefused('session:resume', { token: 'has spaces in the token!!', lastSeq: 0 });
    for (const lastSeq of [-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY]) {
      expectRefused('session:resume', { token: VALID['session:resume'].token, lastSeq });
    }
  });

  it('takes an optional resume id of 16 to 64 URL-safe characters, and nothing else', () => {
    const { token } = VALID['session:resume'];
    expect(expectAccepted('session:resume', { token, lastSeq: 0, resumeId: 'c-0123456789abcdef01234567' }).resumeId).toBe('c-0123456789abcdef01234567');
    expectAccepted('session:resume', { token, lastSeq: 0, resumeId: 'x'.repeat(64) });
    for (const resumeId of ['x'.repeat(15), 'x'.repeat(65), 'with spaces in the id', 42, null]) {
      expectRefused('session:resume', { token, lastSeq: 0, resumeId });
    }
  });
});

describe('consent events', () => {
  it('accept every function of the catalogue by id', () => {
    for (const fn of FUNCTION_IDS) {
      expectAccepted('consent:request', { fn });
      expectAccepted('consent:revoke', { fn });
    }
  });

  it('refuse functions that do not exist', () => {
    for (const fn of ['keylogger', 'Desktop-View', 'desktop-view ', '', 'toString', '__proto__']) {
      expectRefused('consent:request', { fn });
      expectRefused('consent:revoke', { fn });
    }
  });

  it('only take a real boolean as the customer\'s answer', () => {
    expectAccepted('consent:decide', { promptId: 'p1-reboot', allow: false });
    for (const allow of ['true', 1, 0, null]) expectRefused('consent:decide', { promptId: 'p1-reboot', allow });
  });

  it('refuse prompt ids that are empty, too long or contain markup', () => {
    for (const promptId of ['', 'x'.repeat(65), '<img src=x onerror=alert(1)>', 'p1 reboot', '../p1']) {
      expectRefused('consent:decide', { promptId, allow: true });
    }
  });
});

describe('session:create', () => {
  it('offers every function when the technician names none', () => {
    expect(expectAccepted('session:create', {})).toEqual({});
    expectAccepted('session:create', { functions: [...FUNCTION_IDS] });
  });

  it('refuses an empty, unknown or over-long list of functions', () => {
    expectRefused('session:create', { functions: [] });
    expectRefused('session:create', { functions: ['desktop-view', 'keylogger'] });
    expectRefused('session:create', { functions: [...FUNCTION_IDS, 'desktop-view'] });
  });
});

describe('chat:send', () => {
  const clientId = 'c-1';

  it('accepts text up to the message limit, unchanged (markup included: it is only ever shown as text)', () => {
    const long = 'x'.repeat(LIMITS.messageLength);
    expect(expectAccepted('chat:send', { clientId, text: long }).text).toBe(long);
    const markup = '<b>hi</b> & <script>alert(1)</script> 👋 مرحبا';
    expect(expectAccepted('chat:send', { clientId, text: markup }).text).toBe(markup);
  });

  it('reports text over the message limit as too large', () => {
    expectRefused('chat:send', { clientId, text: 'x'.repeat(LIMITS.messageLength + 1) }, 'too-large');
  });

  it('refuses an empty message', () => {
    expectRefused('chat:send', { clientId, text: '' });
  });

  it('reports an over-long message as a bad payload when something else is wrong too', () => {
    const text = 'x'.repeat(LIMITS.messageLength + 1);
    expectRefused('chat:send', { clientId: 'bad id!', text });
    expectRefused('chat:send', { clientId, text, extra: true });
    expectRefused('chat:send', { text });
  });

  it('refuses a client message id that is too long or not a plain token', () => {
    expectAccepted('chat:send', { clientId: 'c'.repeat(LIMITS.clientId), text: 'hi' });
    expectRefused('chat:send', { clientId: 'c'.repeat(LIMITS.clientId + 1), text: 'hi' });
    expectRefused('chat:send', { clientId: '', text: 'hi' });
    expectRefused('chat:send', { clientId: 'a b', text: 'hi' });
  });
});

describe('chat:history', () => {
  it('needs a whole, non-negative sequence number', () => {
    expectAccepted('chat:history', { afterSeq: 41 });
    for (const afterSeq of [-1, 0.5, Number.NaN, Number.POSITIVE_INFINITY]) expectRefused('chat:history', { afterSeq });
  });
});

describe('screen:signal', () => {
  it('accepts each kind of signalling message', () => {
    for (const kind of ['offer', 'answer', 'candidate', 'bye'] as const) expectAccepted('screen:signal', { kind, data: '' });
  });

  it('refuses unknown kinds and signalling blobs over the limit', () => {
    expectRefused('screen:signal', { kind: 'exec', data: '' });
    expectAccepted('screen:signal', { kind: 'offer', data: 's'.repeat(LIMITS.signal) });
    expectRefused('screen:signal', { kind: 'offer', data: 's'.repeat(LIMITS.signal + 1) });
  });
});

describe('control:event', () => {
  it('accepts pointer positions anywhere on the shared screen, edges included', () => {
    for (const [x, y] of [[0, 0], [1, 1], [0, 1], [0.5, 0.123456]] as const) {
      expect(expectAccepted('control:event', { type: 'pointer', x, y })).toEqual({ type: 'pointer', x, y });
    }
    expectAccepted('control:event', { type: 'pointer-hide' });
  });

  it('refuses pointer positions outside the shared screen', () => {
    for (const [x, y] of [[-0.01, 0.5], [0.5, -0.01], [1.01, 0.5], [0.5, 1.01], [-1, 2], [100, 100]] as const) {
      expectRefused('control:event', { type: 'pointer', x, y });
    }
  });

  it('refuses coordinates that are not finite numbers', () => {
    for (const x of [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, '0.5', null]) {
      expectRefused('control:event', { type: 'pointer', x, y: 0.5 });
    }
  });

  it('refuses unknown control events and stray fields', () => {
    expectRefused('control:event', { type: 'key', key: 'Enter' });
    expectRefused('control:event', { type: 'pointer', x: 0.5 });
    expectRefused('control:event', { type: 'pointer-hide', x: 0.5 });
    expectRefused('control:event', { x: 0.5, y: 0.5 });
  });
});

describe('file:chunk', () => {
  const chunk = VALID['file:chunk'];

  it('accepts standard base64 data up to the size limit, and refuses an empty chunk', () => {
    expectRefused('file:chunk', { ...chunk, data: '' });
    expectAccepted('file:chunk', { ...chunk, data: 'QUJD' });
    expectAccepted('file:chunk', { ...chunk, data: 'QQ==' });
    expectAccepted('file:chunk', { ...chunk, data: 'A'.repeat(LIMITS.chunk) });
  });

  it('refuses data that is not base64', () => {
    for (const data of ['hello world', 'aGVsbG8', 'QQ=', 'QQ===', 'a$b%', '<script>', 'aGVs\nbG8=', '-_-_']) {
      expectRefused('file:chunk', { ...chunk, data });
    }
  });

  it('refuses chunks over the size limit', () => {
    expectRefused('file:chunk', { ...chunk, data: 'A'.repeat(LIMITS.chunk + 4) });
  });

  it('needs a whole, non-negative chunk index', () => {
    expectAccepted('file:chunk', { ...chunk, index: 1234 });
    for (const index of [-1, 0.5, Number.NaN]) expectRefused('file:chunk', { ...chunk, index });
  });
});

describe('gated events', () => {
  it('each need exactly one function of the catalogue, and every function is gated by at least one event', () => {
    for (const [event, fn] of Object.entries(GATED_EVENTS)) {
      expect(NAMES).toContain(event);
      expect(isFunctionId(fn)).toBe(true);
    }
    expect([...new Set(Object.values(GATED_EVENTS))].sort()).toEqual([...FUNCTION_IDS].sort());
  });
});
