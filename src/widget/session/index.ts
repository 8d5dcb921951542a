/** The widget's session logic: plain TypeScript, no DOM rendering. */
export type * from './types.js';
export { WidgetSession, WIDGET_SESSION_DEFAULTS } from './widget-session.js';
export { newClientId } from './chat.js';
export {
  RELAY_EVENT_NAMES,
  initialWidgetState,
  lastContiguousSeq,
  reduceWidget,
  widgetError,
  type Failure,
  type Reduction,
  type RelayEvent,
  type RelayEventName,
  type WidgetEvent,
} from './reducer.js';
export { OutgoingQueue, type OutgoingMessage, type QueueUpdate, type TransmitOutcome } from './outgoing-queue.js';
export { ResumeStore, defaultStorage, resumeKey } from './resume-store.js';
export { formatTranscript, type TranscriptData, type TranscriptLabels } from './transcript-text.js';
