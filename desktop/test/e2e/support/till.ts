import type { Page } from 'playwright-core';
import { scanCode, waitForText } from './browser';

/**
 * The cashier's moves, as a person makes them on the real UI (clicks, keys and scans), for the
 * end-to-end tests and the UI benchmark. Each move waits for the screen that proves it worked.
 */
export class Till {
  constructor(readonly page: Page) {}

  async enroll(serverUrl: string, code: string, name: string): Promise<void> {
    const { page } = this;
    await page.getByRole('heading', { name: 'Set up this terminal' }).waitFor();
    await page.getByLabel('Server address').fill(serverUrl);
    await page.getByLabel('Enrollment code').fill(code);
    await page.getByLabel('Terminal name').fill(name);
    await page.getByRole('button', { name: 'Connect terminal' }).click();
  }

  async waitForLogin(timeout = 60_000): Promise<void> {
    await this.page.getByRole('heading', { name: 'Who is selling?' }).waitFor({ timeout });
  }

  /** Picks the person's tile, then types the PIN on the keyboard. */
  async login(name: string, pin: string): Promise<void> {
    await this.page.getByTestId('person').filter({ hasText: name }).click();
    await this.page.getByText('Enter your PIN').waitFor();
    await this.page.keyboard.type(pin, { delay: 80 });
    await this.page.keyboard.press('Enter');
  }

  /** The float typed on the keyboard (the keypad takes digits as keys), then Enter. */
  async openShift(amount: string): Promise<void> {
    await this.page.getByRole('heading', { name: 'Open a shift' }).waitFor();
    await this.page.keyboard.type(amount, { delay: 80 });
    await waitForText(this.page.getByTestId('float-amount'), new RegExp(amount.replace('.', '\\.')));
    await this.page.keyboard.press('Enter');
    await this.waitForSell();
  }

  async waitForSell(): Promise<void> {
    await this.page.getByTestId('pay').waitFor();
  }

  async lineCount(): Promise<number> {
    return this.page.getByTestId('cart-line').count();
  }

  /** Scans and waits until the cart shows the product. */
  async scan(code: string, expectName: string): Promise<void> {
    await scanCode(this.page, code);
    await this.page.getByTestId('cart-line').filter({ hasText: expectName }).waitFor({ timeout: 10_000 });
  }

  /** Pay (F12), the exact amount in cash, complete; answers the receipt number. */
  async payExactCash(): Promise<string> {
    const { page } = this;
    await page.keyboard.press('F12');
    await page.getByTestId('quick-exact').click();
    await page.getByTestId('complete').click();
    const receipt = await this.waitForComplete();
    return receipt;
  }

  async waitForComplete(): Promise<string> {
    const text = await this.page.getByTestId('receipt-number').textContent({ timeout: 15_000 });
    const match = /Receipt (\S+)/.exec(text ?? '');
    if (!match?.[1]) throw new Error(`no receipt number in "${text}"`);
    return match[1];
  }

  async nextSale(): Promise<void> {
    await this.page.getByTestId('next-sale').click();
    await this.waitForSell();
  }
}
