/**
 * A system-information value in words, for the widget's sysinfo card and receipt and the console's sysinfo table: the
 * widget sends its yes/no and on/off values as fixed English tokens (the relay and the console read them so), shown
 * in the reader's language; every other value as it is. One set of message ids (`sysinfo.value.*`) in both catalogs.
 */
import { msg } from '@lit/localize';

export function sysinfoValue(value: string): string {
  switch (value) {
    case 'yes':
      return msg('Yes', { id: 'sysinfo.value.yes' });
    case 'no':
      return msg('No', { id: 'sysinfo.value.no' });
    case 'enabled':
      return msg('Enabled', { id: 'sysinfo.value.enabled' });
    case 'disabled':
      return msg('Disabled', { id: 'sysinfo.value.disabled' });
    case 'available':
      return msg('Available', { id: 'sysinfo.value.available' });
    case 'unavailable':
      return msg('Not available', { id: 'sysinfo.value.unavailable' });
    default:
      return value;
  }
}
