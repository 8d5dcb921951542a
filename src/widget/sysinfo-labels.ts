/**
 * The system-information keys in words, for the sysinfo card (function-views.ts) and the receipt (receipt.ts). A
 * module of its own: were the transcript's chunk to import it from the functions' views, that lazily loaded chunk
 * would need a module namespace object, and with it the bundler's runtime in a file of its own on the English path.
 */
import { msg } from '@lit/localize';
import type { SysinfoKey } from '../protocol/index.js';

/** A system-information key in words. */
export function sysinfoLabel(key: SysinfoKey): string {
  switch (key) {
    case 'userAgent':
      return msg('Browser identification', { id: 'sysinfo.userAgent' });
    case 'browser':
      return msg('Browser', { id: 'sysinfo.browser' });
    case 'platform':
      return msg('Operating system', { id: 'sysinfo.platform' });
    case 'platformVersion':
      return msg('Operating system version', { id: 'sysinfo.platformVersion' });
    case 'architecture':
      return msg('Processor type', { id: 'sysinfo.architecture' });
    case 'deviceModel':
      return msg('Device model', { id: 'sysinfo.deviceModel' });
    case 'mobile':
      return msg('Mobile device', { id: 'sysinfo.mobile' });
    case 'languages':
      return msg('Languages', { id: 'sysinfo.languages' });
    case 'timeZone':
      return msg('Time zone', { id: 'sysinfo.timeZone' });
    case 'screen':
      return msg('Screen size', { id: 'sysinfo.screen' });
    case 'window':
      return msg('Window size', { id: 'sysinfo.window' });
    case 'pixelRatio':
      return msg('Pixel ratio', { id: 'sysinfo.pixelRatio' });
    case 'cpuCores':
      return msg('Processor cores', { id: 'sysinfo.cpuCores' });
    case 'deviceMemory':
      return msg('Memory', { id: 'sysinfo.deviceMemory' });
    case 'connection':
      return msg('Connection type', { id: 'sysinfo.connection' });
    case 'cookies':
      return msg('Cookies', { id: 'sysinfo.cookies' });
    case 'storage':
      return msg('Local storage', { id: 'sysinfo.storage' });
    case 'pageUrl':
      return msg('This page', { id: 'sysinfo.pageUrl' });
  }
}

