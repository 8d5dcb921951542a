/** Hard ceilings on payload fields, shared by the schemas and the packet limits. */
/** Hard ceilings; the relay may be configured lower (e.g. `maxMessageLength`). */
export const LIMITS = {
  /** Characters in one chat message the schema accepts; longer is `too-large`. */
  messageLength: 10_000,
  clientId: 64,
  name: 80,
  description: 500,
  /** Characters of one signalling blob (SDP offers run to a few KB). */
  signal: 64 * 1024,
  /** Characters of one base64 file chunk (192 KiB of file data). Senders use 64 KiB chunks (`FILE_CHUNK_BYTES`). */
  chunk: 256 * 1024,
  /** Characters of a file name. */
  fileName: 255,
  /** Characters of a file's media type. */
  fileType: 255,
  /** Hard ceiling on a file's size, bytes; the relay's `maxFileBytes` (default 25 MB) is what applies. */
  fileBytes: 2 ** 31,
  /** Characters of one system-information value. */
  sysinfoValue: 1_000,
} as const;
