/**
 * System information for `sysinfo:report`: only what a web page may know and only the keys the protocol allows
 * (SYSINFO_KEYS), each a short string. The customer sees exactly this list before anything is sent. The page's
 * address is its origin and path only: a query string or fragment can hold tokens.
 */
import { SYSINFO_KEYS } from '../../protocol/constants.js';
import type { SysinfoItem, SysinfoKey } from '../../protocol/index.js';

export { SYSINFO_KEYS };

/** Longest value the relay accepts (`LIMITS.sysinfoValue`). */
const VALUE_MAX = 1_000;

interface UaBrand {
  brand: string;
  version: string;
}

/** `navigator.userAgentData` (client hints; Chromium only, secure contexts). */
interface UaData {
  brands?: UaBrand[];
  mobile?: boolean;
  platform?: string;
  getHighEntropyValues?(hints: string[]): Promise<{
    platformVersion?: string;
    architecture?: string;
    bitness?: string;
    model?: string;
    fullVersionList?: UaBrand[];
  }>;
}

/** The parts of the browser's globals read here (a test passes its own). */
export interface SysinfoSource {
  navigator: Navigator & {
    userAgentData?: UaData;
    deviceMemory?: number;
    connection?: { effectiveType?: string };
  };
  screen?: { width: number; height: number };
  innerWidth?: number;
  innerHeight?: number;
  devicePixelRatio?: number;
  location?: { origin: string; pathname: string };
  localStorage?: Storage;
}

/** Brands without the made-up "Not A Brand" entries Chromium adds. */
function brandList(brands: UaBrand[] | undefined): string {
  return (brands ?? [])
    .filter((b) => !/not.?a.?brand/i.test(b.brand))
    .map((b) => `${b.brand} ${b.version}`)
    .join(', ');
}

function storageAvailable(source: SysinfoSource): boolean {
  try {
    return typeof source.localStorage?.length === 'number';
  } catch {
    return false;
  }
}

/** Collects what `source` (the page's globals by default) tells; keys it cannot tell are left out. */
export async function collectSysinfo(source: SysinfoSource = globalThis): Promise<SysinfoItem[]> {
  const nav = source.navigator;
  const ua = nav.userAgentData;
  let high: Awaited<ReturnType<NonNullable<UaData['getHighEntropyValues']>>> = {};
  try {
    high = (await ua?.getHighEntropyValues?.(['platformVersion', 'architecture', 'bitness', 'model', 'fullVersionList'])) ?? {};
  } catch {
    // not allowed here: the low-entropy values still tell something
  }
  const size = (w?: number, h?: number) => (w && h ? `${w}×${h}` : '');
  const values: Record<SysinfoKey, string | number | undefined> = {
    userAgent: nav.userAgent,
    browser: brandList(high.fullVersionList ?? ua?.brands),
    platform: ua?.platform || nav.platform,
    platformVersion: high.platformVersion,
    architecture: high.architecture && (high.bitness ? `${high.architecture} (${high.bitness}-bit)` : high.architecture),
    deviceModel: high.model,
    mobile: ua?.mobile === undefined ? '' : ua.mobile ? 'yes' : 'no',
    languages: (nav.languages?.length ? nav.languages : [nav.language]).join(', '),
    timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone,
    screen: size(source.screen?.width, source.screen?.height),
    window: size(source.innerWidth, source.innerHeight),
    pixelRatio: source.devicePixelRatio,
    cpuCores: nav.hardwareConcurrency,
    deviceMemory: nav.deviceMemory && `${nav.deviceMemory} GB`,
    connection: nav.connection?.effectiveType,
    cookies: nav.cookieEnabled ? 'enabled' : 'disabled',
    storage: storageAvailable(source) ? 'available' : 'unavailable',
    pageUrl: source.location && `${source.location.origin}${source.location.pathname}`,
  };
  const items: SysinfoItem[] = [];
  for (const key of SYSINFO_KEYS) {
    const value = values[key];
    if (value === undefined || value === '' || value === 0) continue;
    items.push({ key, value: String(value).slice(0, VALUE_MAX) });
  }
  return items;
}
