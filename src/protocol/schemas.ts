/**
 * Schemas of every payload a client may send, written with valibot (tree-shakable, so the browser side only pays for
 * what it imports). The relay validates every inbound event against these; anything else is `bad-payload`.
 * Objects are strict: unknown fields are refused, not silently dropped.
 */
import * as v from 'valibot';
import { SYSINFO_KEYS } from './constants.js';
import { HIDDEN_IN_FILE_NAMES, LONE_SURROGATE } from './file-names.js';
import { feedbackSchemas } from './feedback.js';
import { FUNCTION_IDS, GATED_EVENTS } from './functions.js';
import { LIMITS } from './limits.js';
import { checkShape, OversizedPayload } from './payload-limits.js';

export { LIMITS };


/** Why the customer's side stopped or never started screen sharing (`consent:revoke` `reason`). */
export const SCREEN_STOP_REASONS = ['picker-cancelled', 'browser-stopped', 'capture-failed'] as const;

/** Why a transfer was cancelled: by a participant (`file:cancel`), or by the relay (`revoked`, `ended`, `timeout`). */
export const FILE_CANCEL_REASONS = ['cancelled', 'declined', 'hash-mismatch', 'failed', 'revoked', 'ended', 'timeout'] as const;
export type FileCancelReason = (typeof FILE_CANCEL_REASONS)[number];

const fn = v.picklist(FUNCTION_IDS);
const id = (max = 64) => v.pipe(v.string(), v.minLength(1), v.maxLength(max), v.regex(/^[\w.:-]+$/));
const text = (max: number, min = 0) => v.pipe(v.string(), v.minLength(min), v.maxLength(max));
const empty = v.strictObject({});
const sha256 = v.pipe(v.string(), v.regex(/^[0-9a-f]{64}$/, 'A SHA-256 digest in lowercase hex'));

export const schemas = {
  // customer
  'session:join': v.strictObject({ code: v.pipe(v.string(), v.regex(/^\d{4,12}$/)) }),
  'queue:join': v.strictObject({ name: v.pipe(text(LIMITS.name, 1), v.trim(), v.minLength(1)), description: text(LIMITS.description) }),
  'queue:leave': empty,
  'session:rejoin': v.strictObject({ token: v.pipe(v.string(), v.regex(/^[\w-]{20,100}$/)) }),
  // `resumeId`: the client's random id of this resume, the same on each retry of it (PROTOCOL §10.2).
  'session:resume': v.strictObject({
    token: v.pipe(v.string(), v.regex(/^[\w-]{20,100}$/)),
    lastSeq: v.pipe(v.number(), v.integer(), v.minValue(0)),
    resumeId: v.optional(v.pipe(v.string(), v.regex(/^[\w-]{16,64}$/))),
  }),
  'consent:decide': v.strictObject({ promptId: id(), allow: v.boolean() }),
  'consent:revoke': v.strictObject({ fn, reason: v.optional(v.picklist(SCREEN_STOP_REASONS)) }),
  'consent:revoke-all': empty,
  // technician
  'session:create': v.strictObject({ functions: v.optional(v.pipe(v.array(fn), v.minLength(1), v.maxLength(FUNCTION_IDS.length))) }),
  'session:attach': v.strictObject({ sessionId: id() }),
  'queue:list': empty,
  'queue:pick': v.strictObject({ sessionId: id() }),
  'consent:request': v.strictObject({ fn }),
  /** Hands the session to another technician of the same organisation, online now (their token's `sub`). */
  'session:handoff': v.strictObject({ technicianId: text(256, 1) }),
  'technicians:list': empty,
  // both
  'chat:send': v.strictObject({ clientId: id(LIMITS.clientId), text: v.pipe(v.string(), v.minLength(1), v.maxLength(LIMITS.messageLength)) }),
  'chat:typing': v.strictObject({ typing: v.boolean() }),
  'chat:history': v.strictObject({ afterSeq: v.pipe(v.number(), v.integer(), v.minValue(0)) }),
  'session:end': empty,
  'audit:fetch': empty,
  'file:cancel': v.strictObject({ transferId: id(), reason: v.optional(v.picklist(['cancelled', 'declined', 'hash-mismatch', 'failed'])) }),
  'file:done': v.strictObject({ transferId: id(), sha256 }),
  // the customer's answer to a `sysinfo:request` the relay let through (accepted once per request)
  'sysinfo:report': v.strictObject({
    items: v.pipe(
      v.array(v.strictObject({ key: v.picklist(SYSINFO_KEYS), value: text(LIMITS.sysinfoValue, 1) })),
      v.minLength(1),
      v.maxLength(SYSINFO_KEYS.length),
      v.check((items) => new Set(items.map((i) => i.key)).size === items.length, 'Each key may appear once'),
    ),
  }),
  'sysinfo:decline': empty,
  // gated: each needs a live grant of one function
  'sysinfo:request': empty,
  'reboot:request': empty,
  'screen:signal': v.strictObject({
    kind: v.picklist(['offer', 'answer', 'candidate', 'bye']),
    data: text(LIMITS.signal),
  }),
  'screen:state': v.variant('state', [
    v.strictObject({ state: v.literal('sharing'), surface: v.picklist(['this-tab', 'browser', 'window', 'monitor', 'unknown']) }),
    v.strictObject({ state: v.literal('stopped') }),
  ]),
  'control:event': v.variant('type', [
    v.strictObject({
      type: v.literal('pointer'),
      x: v.pipe(v.number(), v.minValue(0), v.maxValue(1)),
      y: v.pipe(v.number(), v.minValue(0), v.maxValue(1)),
    }),
    v.strictObject({ type: v.literal('pointer-hide') }),
  ]),
  // a rating at the end, a message left while nobody can chat, the technicians' list of those (feedback.ts)
  ...feedbackSchemas,
  'file:offer': v.strictObject({
    transferId: id(),
    name: v.pipe(
      text(LIMITS.fileName, 1),
      v.regex(/^[^\\/\0]+$/, 'A file name, without a path'),
      // `.` and `..` name directories, not files; a name of dots and spaces alone is one once Windows drops them.
      v.check((name) => !/^[.\s]+$/.test(name), 'A file name, without a path'),
      v.check((name) => !LONE_SURROGATE.test(name), 'A file name of well-formed Unicode'),
      v.check((name) => !HIDDEN_IN_FILE_NAMES.test(name), 'A file name without invisible or direction-changing characters'),
    ),
    size: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(LIMITS.fileBytes)),
    type: text(LIMITS.fileType),
    sha256,
  }),
  'file:accept': v.strictObject({ transferId: id() }),
  'file:chunk': v.strictObject({
    transferId: id(),
    index: v.pipe(v.number(), v.integer(), v.minValue(0)),
    data: v.pipe(v.string(), v.minLength(1), v.maxLength(LIMITS.chunk), v.base64()),
  }),
} as const;

export type SchemaName = keyof typeof schemas;
export type Payload<E extends SchemaName> = v.InferOutput<(typeof schemas)[E]>;

/** Which function each gated event uses (kept beside the catalogue, so that the widget needs no schemas for it). */
export { GATED_EVENTS };
export type GatedEvent = keyof typeof GATED_EVENTS & SchemaName;

export type ParseResult<E extends SchemaName> =
  | { ok: true; value: Payload<E> }
  | { ok: false; code: 'bad-payload' | 'too-large'; issues: string[] };

/**
 * Validates `input` for event `name`, at a cost bounded whatever the input: an over-size packet (`OversizedPayload`)
 * and an over-long chat text are `too-large`; a payload over the shape limits (`checkShape`) is refused before the
 * schema looks inside; the schema stops at its first issue. One issue is reported.
 */
export function parsePayload<E extends SchemaName>(name: E, input: unknown): ParseResult<E> {
  if (input instanceof OversizedPayload) {
    return { ok: false, code: 'too-large', issues: [`(payload): ${input.chars} characters, over the limit of ${input.limit} for this event`] };
  }
  // valibot's object schemas take any non-null object, so `[]` or an empty Buffer would pass as `{}`. Every payload is
  // a plain object.
  if (!isPlainObject(input)) return { ok: false, code: 'bad-payload', issues: ['(payload): Invalid type: Expected a plain object'] };
  const shape = checkShape(input);
  if (shape) return { ok: false, code: tooLong(name, input, shape.type, shape.path) ? 'too-large' : 'bad-payload', issues: [`${shape.path}: ${shape.message}`] };
  const result = v.safeParse(schemas[name], input, { abortEarly: true, abortPipeEarly: true });
  if (result.success) return { ok: true, value: result.output };
  const [issue] = result.issues;
  const path = v.getDotPath(issue) ?? '(payload)';
  return { ok: false, code: tooLong(name, input, issue.type, path) ? 'too-large' : 'bad-payload', issues: [`${path}: ${issue.message}`] };
}

/**
 * Whether a chat message fails for its text's length alone (`too-large`): the schema stops at its first issue, so the
 * rest is checked again with a short text in its place.
 */
function tooLong(name: SchemaName, input: Record<string, unknown>, type: string, path: string): boolean {
  if (name !== 'chat:send' || type !== 'max_length' || path !== 'text') return false;
  return v.safeParse(schemas['chat:send'], { ...input, text: 'x' }, { abortEarly: true }).success;
}

function isPlainObject(input: unknown): input is Record<string, unknown> {
  if (typeof input !== 'object' || input === null) return false;
  const proto: unknown = Object.getPrototypeOf(input);
  return proto === Object.prototype || proto === null;
}
