import { describe, expect, it } from 'vitest';
import { parseRefusal, refusalText } from '../../src/console/refusal-detail.js';

describe("the audit log's refused uses", () => {
  it('reads the event, the code and a streak the relay wrote', () => {
    expect(parseRefusal('file:offer: not-granted')).toEqual({ event: 'file:offer', code: 'not-granted', more: 0 });
    expect(parseRefusal('screen:signal: taken back meanwhile')).toEqual({ event: 'screen:signal', code: 'not-granted', more: 0 });
    expect(parseRefusal('pointer:move: not-granted, 1 more time (2026-12-07T11:00:00.000Z – 2026-12-07T11:00:01.000Z)')).toEqual({
      event: 'pointer:move',
      code: 'not-granted',
      more: 1,
    });
    expect(parseRefusal('pointer:move: not-granted, 1200 more times (2026-12-07T11:00:00.000Z – 2026-12-07T11:00:09.000Z)')?.more).toBe(1200);
    expect(parseRefusal('something else entirely.')).toBeUndefined();
    expect(parseRefusal(undefined)).toBeUndefined();
  });

  it('says why in words and how often again, without the event or the code', () => {
    expect(refusalText('file:offer: not-granted', 'file-transfer', 'en')).toBe('Refused by the relay: the customer has not granted File transfer.');
    expect(refusalText('screen:signal: taken back meanwhile', 'desktop-view', 'en')).toBe(
      'Refused by the relay: the customer has not granted Screen viewing.',
    );
    expect(refusalText('pointer:move: not-granted, 1 more time (a – b)', 'remote-control', 'en')).toBe(
      'Refused by the relay: the customer has not granted Remote control. Refused once more right after.',
    );
    expect(refusalText('pointer:move: not-granted, 1200 more times (a – b)', 'remote-control', 'en')).toBe(
      'Refused by the relay: the customer has not granted Remote control. Refused 1,200 more times right after.',
    );
    expect(refusalText('odd', 'remote-control', 'en')).toBeUndefined();
    expect(refusalText('consent:request: rate-limited', 'desktop-view', 'en')).toBe(
      'Refused by the relay: you asked for Screen viewing again too soon after the customer said no. The customer was not asked.',
    );
  });
});
