/**
 * The leave-a-message screen's state and its form's loading. The screen (leave-offer.ts) is offered when the relay says
 * it is closed (`outside-hours`) or nobody is online (`no-technician`). Its form (`<rsw-leave-message>`,
 * leave-message-form.ts) is a chunk of its own, loaded when the customer opens it; a failed load offers Try again.
 */

/** Where the leave-a-message screen stands: closed, open, or its form could not be loaded. */
export type LeaveView = '' | 'open' | 'failed';

let loading: Promise<void> | undefined;

/** Loads and registers the form (once; a failed load is tried again on the next call). */
export function loadLeaveForm(): Promise<void> {
  loading ??= import('../leave-message-form.js').then(
    ({ RswLeaveMessage }) => RswLeaveMessage.define(),
    (err: unknown) => {
      loading = undefined;
      throw err;
    },
  );
  return loading;
}
