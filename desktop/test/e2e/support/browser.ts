import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type CDPSession, type Locator, type Page } from 'playwright-core';

export const CHROMIUM = process.env.KEEL_CHROMIUM ?? '/usr/bin/chromium';
export const SCREENSHOTS = fileURLToPath(new URL('../screenshots', import.meta.url));

/** Debian's Chromium, headless, quiet (no update checks, sync or first-run UI), fresh profile. */
export async function launchBrowser(viewport = { width: 1280, height: 800 }): Promise<{ context: BrowserContext; page: Page; close: () => Promise<void> }> {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'keel-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    viewport,
  });
  const page = context.pages()[0] ?? (await context.newPage());
  return {
    context,
    page,
    close: async () => {
      await context.close();
      fs.rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Collects what the page would have shown a developer: errors and CSP violations must stay empty. */
export function watchConsole(page: Page): string[] {
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console: ${message.text()}`);
  });
  return problems;
}

export async function screenshot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`) });
}

/** Waits until the locator's text matches (Playwright's own auto-waiting, bounded). */
export async function waitForText(locator: Locator, pattern: RegExp, timeout = 15_000): Promise<void> {
  await locator.filter({ hasText: pattern }).first().waitFor({ state: 'visible', timeout });
}

const sessions = new WeakMap<Page, Promise<CDPSession>>();

/** The key fields Chromium needs for one printable ASCII character. */
function keyOf(char: string): { key: string; code: string; windowsVirtualKeyCode: number; text: string } {
  const upper = char.toUpperCase();
  if (/^[0-9]$/.test(char)) return { key: char, code: `Digit${char}`, windowsVirtualKeyCode: char.charCodeAt(0), text: char };
  if (/^[A-Z]$/i.test(char)) return { key: char, code: `Key${upper}`, windowsVirtualKeyCode: upper.charCodeAt(0), text: char };
  return { key: char, code: '', windowsVirtualKeyCode: 0, text: char };
}

/**
 * Types a code the way a keyboard-wedge scanner does: the characters and the Enter back to
 * back. The key events go to Chromium all at once over the DevTools protocol (it handles them
 * in order), because awaiting each one from a busy test process would stretch the gaps far
 * beyond anything a scanner produces, and Playwright's own concurrent presses would mark a
 * repeated digit as an auto-repeat.
 */
export async function scanCode(page: Page, code: string, options: { enterAfterChars?: boolean } = {}): Promise<void> {
  let session = sessions.get(page);
  if (!session) {
    session = page.context().newCDPSession(page);
    sessions.set(page, session);
  }
  const cdp = await session;
  const sends: Promise<unknown>[] = [];
  for (const char of code) {
    const key = keyOf(char);
    sends.push(cdp.send('Input.dispatchKeyEvent', { type: 'keyDown', ...key, unmodifiedText: key.text }));
    sends.push(cdp.send('Input.dispatchKeyEvent', { type: 'keyUp', key: key.key, code: key.code, windowsVirtualKeyCode: key.windowsVirtualKeyCode }));
  }
  // enterAfterChars (the benchmark): the Enter goes once Chromium has taken the characters, a
  // round trip later, so time measured from the Enter is the UI's and not this harness's. On a
  // loaded machine that round trip can exceed a scanner's gap, so tests send all at once.
  if (options.enterAfterChars) await Promise.all(sends.splice(0));
  const enter = { key: 'Enter', code: 'Enter', windowsVirtualKeyCode: 13 };
  sends.push(cdp.send('Input.dispatchKeyEvent', { type: 'keyDown', ...enter, text: '\r', unmodifiedText: '\r' }));
  sends.push(cdp.send('Input.dispatchKeyEvent', { type: 'keyUp', ...enter }));
  await Promise.all(sends);
}
