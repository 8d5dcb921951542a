/** The catalogue of remote-support functions (SPEC §2). */
import { describe, expect, it } from 'vitest';
import { FUNCTIONS, FUNCTION_IDS, dependentsOf, isFunctionId } from '../../src/protocol/functions.js';

describe('the function catalogue', () => {
  it('lists the five functions of the spec in the order they are shown', () => {
    expect(FUNCTION_IDS).toEqual(['desktop-view', 'remote-control', 'file-transfer', 'system-info', 'reboot']);
  });

  it('describes each function under its own id', () => {
    expect(Object.keys(FUNCTIONS).sort()).toEqual([...FUNCTION_IDS].sort());
    for (const fn of FUNCTION_IDS) expect(FUNCTIONS[fn].id).toBe(fn);
  });

  it('makes screen, control and file transfer ongoing, and system info and reboot one-shot', () => {
    expect(FUNCTION_IDS.map((fn) => [fn, FUNCTIONS[fn].kind])).toEqual([
      ['desktop-view', 'ongoing'],
      ['remote-control', 'ongoing'],
      ['file-transfer', 'ongoing'],
      ['system-info', 'one-shot'],
      ['reboot', 'one-shot'],
    ]);
  });

  it('asks the customer to re-confirm only the control-like grants', () => {
    expect(FUNCTION_IDS.filter((fn) => FUNCTIONS[fn].reconfirm)).toEqual(['desktop-view', 'remote-control']);
    for (const fn of FUNCTION_IDS) if (FUNCTIONS[fn].reconfirm) expect(FUNCTIONS[fn].kind).toBe('ongoing');
  });

  it('makes remote control depend on desktop view, and nothing else depend on anything', () => {
    expect(FUNCTION_IDS.map((fn) => [fn, FUNCTIONS[fn].requires])).toEqual([
      ['desktop-view', undefined],
      ['remote-control', 'desktop-view'],
      ['file-transfer', undefined],
      ['system-info', undefined],
      ['reboot', undefined],
    ]);
    expect(dependentsOf('desktop-view')).toEqual(['remote-control']);
    for (const fn of FUNCTION_IDS.filter((id) => id !== 'desktop-view')) expect(dependentsOf(fn)).toEqual([]);
  });

  it('recognises function ids and nothing else', () => {
    for (const fn of FUNCTION_IDS) expect(isFunctionId(fn)).toBe(true);
    for (const value of ['keylogger', 'Desktop-View', '', 'toString', '__proto__', 1, null, undefined, {}, ['reboot']]) {
      expect(isFunctionId(value)).toBe(false);
    }
  });
});
