/**
 * Journey 6: the customer's page is in Polish, then in Arabic (the demo's `?lang=`), through the real relay with the
 * technician on the (English) console. Everything the customer meets speaks the page's language, found here by its
 * translated accessible names: the launcher, the code form, the consent prompt (who asks, what for), the grant and its
 * indicator, the chat's system lines, Disconnect and its confirmation, the end. In Arabic the widget is right to left
 * and sits in the bottom-left corner. Screenshots of both go to test-results/screenshots/.
 */
import { describe, expect, it } from 'vitest';
import { gone, shown, until, useE2E, type Customer } from './support.js';

const e2e = useE2E({ relayOptions: { promptTimeoutMs: 20_000 } });

/** What the customer sees, in one language (the translations in locales/widget/<lang>.xlf). */
interface Words {
  launcher: RegExp;
  code: string;
  terms: RegExp;
  connect: string;
  connected: RegExp;
  joined: string;
  prompt: RegExp;
  allow: string;
  allowed: string;
  indicator: string;
  stopOne: string;
  disconnect: string;
  confirm: RegExp;
  end: string;
  ended: string;
  endedBy: string;
  log: string;
  message: string;
}

const POLISH: Words = {
  launcher: /^Zdalna pomoc/,
  code: 'Kod sesji',
  terms: /^Akceptuję warunki zdalnej pomocy\./,
  connect: 'Połącz',
  connected: /^Połączono/,
  joined: 'Alex Demo jest teraz w sesji.',
  prompt: /^Alex Demo \(Demo Support\) prosi o zgodę na podgląd Twojego ekranu\.$/,
  allow: 'Zezwól',
  allowed: 'Zezwolono: Podgląd ekranu.',
  indicator: 'Twój ekran jest widoczny dla technika',
  stopOne: 'Zatrzymaj: Podgląd ekranu',
  disconnect: 'Rozłącz',
  confirm: /^Zakończyć sesję\?/,
  end: 'Zakończ sesję',
  ended: 'Sesja została zakończona',
  endedBy: 'Sesja została zakończona przez Ciebie.',
  log: 'Wiadomości czatu',
  message: 'Wiadomość',
};

const ARABIC: Words = {
  launcher: /^الدعم عن بُعد/,
  code: 'رمز الجلسة',
  terms: /^أوافق على شروط الدعم عن بُعد\./,
  connect: 'اتصال',
  connected: /^متصل/,
  joined: 'Alex Demo في الجلسة الآن.',
  prompt: /^يطلب Alex Demo \(Demo Support\) رؤية شاشتك\.$/,
  allow: 'سماح',
  allowed: 'سمحت بما يلي: عرض الشاشة.',
  indicator: 'شاشتك معروضة للفني',
  stopOne: 'إيقاف: عرض الشاشة',
  disconnect: 'قطع الاتصال',
  confirm: /^هل تريد إنهاء الجلسة؟/,
  end: 'إنهاء الجلسة',
  ended: 'انتهت الجلسة',
  endedBy: 'أنهيت الجلسة.',
  log: 'رسائل المحادثة',
  message: 'الرسالة',
};

/** The customer, in `words`, from the launcher to the end; the technician asks for screen viewing on the way. */
async function journey(lang: string, words: Words, customer: Customer, shot: (step: string) => Promise<void>): Promise<void> {
  const technician = await e2e.technician();
  const { code } = await technician.createSession();
  const w = customer.widget;

  await w.getByRole('button', { name: words.launcher }).click();
  const codeField = await shown(w.getByRole('textbox', { name: words.code }));
  await shot('code');
  await codeField.pressSequentially(code);
  await w.getByRole('checkbox', { name: words.terms }).check();
  await w.getByRole('button', { name: words.connect, exact: true }).click();
  await until(() => customer.status.innerText(), words.connected);
  await shown(w.getByRole('log', { name: words.log }).locator('.system', { hasText: words.joined }));
  await technician.waitCustomerConnected();

  // Chat goes on as it does in English (the chat log and field by their translated names).
  const log = w.getByRole('log', { name: words.log });
  const field = w.getByRole('textbox', { name: words.message, exact: true });
  await field.fill(`Dzień dobry / مرحبا (${lang})`);
  await field.press('Enter');
  await until(() => technician.messages(), [`Dzień dobry / مرحبا (${lang})`]);
  await technician.send(`Hello (${lang})`);
  await shown(log.getByText(`Hello (${lang})`));

  // The consent question reads naturally in the language, with who asks.
  await technician.request('Screen viewing');
  await customer.waitPrompt(words.prompt);
  await shot('prompt');
  await customer.prompt.getByRole('button', { name: words.allow, exact: true }).click();
  await gone(customer.prompt);
  await until(() => technician.functionStatus('Screen viewing'), /^Granted$/);
  await shown(log.locator('.system', { hasText: words.allowed }));
  await shown(customer.indicator.getByText(words.indicator));
  await shown(w.getByRole('button', { name: words.stopOne }));
  await shot('grant');

  // Disconnect, confirmed; the end says so.
  await w.getByRole('button', { name: words.disconnect, exact: true }).click();
  const confirm = await shown(w.getByRole('group', { name: words.confirm }));
  await confirm.getByRole('button', { name: words.end, exact: true }).click();
  await shown(w.getByRole('heading', { name: words.ended }));
  await shown(w.locator('.screen p', { hasText: words.endedBy }));
  await shot('ended');
  await shown(technician.sessionPanel.getByText('The customer ended the session.'));
}

describe('the customer in other languages', () => {
  it('goes through a whole session in Polish', async () => {
    const customer = await e2e.customerAt('?lang=pl');
    expect(await customer.widget.evaluate((el) => el.getAttribute('dir'))).toBe('ltr');
    await journey('pl', POLISH, customer, (step) => customer.screenshot(`languages-pl-${step}`));
    // Nothing in English slipped through on the customer's side.
    expect(await customer.panel.innerText()).not.toMatch(/\b(Remote support|Session|Connect|Allow|Disconnect)\b/);
    e2e.expectNoErrors();
  });

  it('goes through a whole session in Arabic, right to left, in the bottom-left corner', async () => {
    const customer = await e2e.customerAt('?lang=ar');
    expect(await customer.widget.evaluate((el) => el.getAttribute('dir'))).toBe('rtl');
    const launcher = (await customer.widget.locator('[part=launcher]').boundingBox())!;
    expect(Math.round(launcher.x)).toBe(20);
    await journey('ar', ARABIC, customer, async (step) => {
      if (step === 'code') {
        const panel = (await customer.panel.boundingBox())!;
        expect(Math.round(panel.x)).toBe(20);
      }
      await customer.screenshot(`languages-ar-${step}`);
    });
    e2e.expectNoErrors();
  });
});
