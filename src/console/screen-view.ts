import { localized, msg } from '@lit/localize';
import { html, LitElement, nothing, type TemplateResult } from 'lit';
import { property } from 'lit/decorators.js';
import { defineElement } from './define.js';
import { videoPoint, type ObjectFit, type Point } from './functions/pointer.js';
import { watchFrames } from './functions/screen-viewer.js';
import { screenViewStyles } from './screen-view.styles.js';
import type { ScreenView } from './session/views.js';
import { surfaceText } from './function-strings.js';

/**
 * The customer's shared screen as live video (muted, inline), with what they share ("Sharing: a window") and the
 * connection's state. While pointing is allowed (remote control granted and the customer shares the tab with the
 * chat), moving the mouse over the picture reports where it is as a fraction of the video frame (letterbox bars
 * excluded); leaving the picture hides the customer's copy of the pointer. Nothing is ever clicked or typed.
 *
 * @summary The customer's screen, live.
 * @tagname rsc-screen-view
 * @fires point - The mouse is at `detail.point` (0..1 of the frame), or off the picture (`detail.point` undefined).
 *   Only while pointing is allowed. Internal to the console.
 * @fires pointer-leave - The mouse left the video. Internal to the console.
 */
@localized()
export class RscScreenView extends LitElement {
  static override styles = screenViewStyles;

  static define(tag = 'rsc-screen-view', registry: CustomElementRegistry = customElements): void {
    defineElement(tag, this, registry);
  }

  /** What the customer shares and the video's state (from `screenView`). */
  @property({ attribute: false }) view: ScreenView | undefined;

  /** The customer's screen (from the session logic). */
  @property({ attribute: false }) stream: MediaStream | undefined;

  /** Video frames shown since the current stream arrived (requestVideoFrameCallback; for tests and diagnostics). */
  framesArrived = 0;

  #stopFrames: (() => void) | undefined;

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#stopFrames?.();
    this.#stopFrames = undefined;
  }

  protected override updated(): void {
    const video = this.renderRoot.querySelector('video');
    if (!video) return;
    const stream = this.view?.sharing ? (this.stream ?? null) : null;
    if (video.srcObject !== stream) {
      video.srcObject = stream;
      this.#stopFrames?.();
      this.#stopFrames = undefined;
      this.framesArrived = 0;
      if (stream) this.#stopFrames = watchFrames(video, () => this.framesArrived++);
    }
  }

  protected override render(): TemplateResult {
    const view = this.view;
    const sharing = !!view?.sharing;
    return html`<section aria-labelledby="title">
      <h2 id="title">${msg("Customer's screen", { id: 'console.screen.title' })}</h2>
      <figure ?hidden=${!sharing}>
        <video
          muted
          playsinline
          autoplay
          aria-label=${msg("Live video of the customer's screen", { id: 'console.screen.video-label' })}
          aria-describedby="caption"
          class=${view?.pointer ? 'pointing' : ''}
          @pointermove=${this.#move}
          @pointerleave=${this.#leave}
        ></video>
        <figcaption id="caption">${sharing ? surfaceText(view?.surface) : nothing}</figcaption>
      </figure>
      <p class="status ${view?.video ?? 'idle'}" role="status">${this.#statusText(view)}</p>
      ${view?.pointer
        ? html`<p class="hint">
            ${msg('Pointing is on: move your mouse over the video and the customer sees your pointer on their page. Nothing is clicked or typed for them.', {
              id: 'console.screen.pointer-on',
            })}
          </p>`
        : view?.pointerNeedsTab
          ? html`<p class="hint muted">
              ${msg('You can point at things only while the customer shares the tab with this chat.', { id: 'console.screen.pointer-needs-tab' })}
            </p>`
          : nothing}
    </section>`;
  }

  #statusText(view: ScreenView | undefined): string {
    if (!view?.sharing) return msg('The customer is not sharing their screen.', { id: 'console.screen.not-sharing' });
    switch (view.video) {
      case 'live':
        return msg('Live.', { id: 'console.screen.live' });
      case 'idle':
        return msg("The customer shares their screen. Waiting for the video from their browser…", { id: 'console.screen.waiting' });
      case 'failed':
        return msg("The video connection to the customer's screen failed. It is tried again when the customer shares again.", {
          id: 'console.screen.failed',
        });
      default:
        return msg("Connecting to the customer's screen…", { id: 'console.screen.connecting' });
    }
  }

  #move = (event: PointerEvent): void => {
    if (!this.view?.pointer) return;
    const video = event.currentTarget as HTMLVideoElement;
    const point = videoPoint(
      event.clientX,
      event.clientY,
      video.getBoundingClientRect(),
      video.videoWidth,
      video.videoHeight,
      getComputedStyle(video).objectFit as ObjectFit,
    );
    this.dispatchEvent(new CustomEvent<{ point: Point | undefined }>('point', { detail: { point } }));
  };

  #leave = (): void => {
    this.dispatchEvent(new CustomEvent('pointer-leave'));
  };
}
