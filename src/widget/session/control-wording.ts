/**
 * What remote control does in this deployment, so that consent names exactly that. In the browser alone the
 * technician can only point on the shared screen; only when the vendor's native agent declared itself through the
 * relay's hand-off (PROTOCOL §19, `SessionView.agent`) can the technician use the mouse and keyboard.
 */

/** `point`: the technician's pointer on the shared screen only; `full`: mouse and keyboard through the vendor's agent. */
export type ControlMode = 'point' | 'full';

export function controlMode(session: { agent?: { name: string } } | undefined): ControlMode {
  return session?.agent ? 'full' : 'point';
}
