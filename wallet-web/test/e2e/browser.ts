// Browser helpers of the end-to-end tests: Chromium through playwright-core, and screenshots into docs/screenshots.
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { asSealedVault, openVault } from '../../src/lib/vault-crypto.ts';
import type { WalletContents } from '../../src/lib/wallet-contents.ts';

/** Where the screenshots of every screen are written. */
export const SCREENSHOT_DIR = fileURLToPath(new URL('../../../docs/screenshots/', import.meta.url));

/**
 * Launches the Debian Chromium headless.
 * @param fakeCameraVideo - a Y4M file the camera shows (see `writeQrVideo`); Chromium reads it when a page starts
 *   capturing, so it may be rewritten between scans.
 * @returns the browser.
 */
export async function launchChromium(fakeCameraVideo?: string): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      ...(fakeCameraVideo
        ? [
            '--use-fake-ui-for-media-stream',
            '--use-fake-device-for-media-stream',
            `--use-file-for-fake-video-capture=${fakeCameraVideo}`,
          ]
        : []),
    ],
  });
}

/**
 * Writes a full-page screenshot to `docs/screenshots/<name>.png`.
 * @param page - the page.
 * @param name - file name without extension.
 */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: `${SCREENSHOT_DIR}${name}.png`, fullPage: true, animations: 'disabled' });
}

/**
 * Collects uncaught page errors and Content Security Policy violations, so a test can assert none happened.
 * @param page - the page.
 * @returns the list, filled as errors occur.
 */
export function pageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error' && /Content Security Policy|Refused to/.test(message.text())) {
      errors.push(message.text());
    }
  });
  return errors;
}

/**
 * The wallet's sealed vault as stored in IndexedDB (JSON text), read from the page.
 * @param page - a page of the web app with a wallet.
 * @returns the stored record as JSON text.
 */
export function readStoredVault(page: Page): Promise<string> {
  return page.evaluate(
    () =>
      new Promise<string>((resolve, reject) => {
        const open = indexedDB.open('medtrust-wallet');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const get = open.result.transaction('vault').objectStore('vault').get('default');
          get.onsuccess = () => resolve(JSON.stringify(get.result));
          get.onerror = () => reject(get.error);
        };
      }),
  );
}

/**
 * The wallet's contents, read from the page's IndexedDB and opened here with its passphrase (as a restore would).
 * @param page - a page of the web app with a wallet.
 * @param passphrase - the wallet's passphrase.
 * @returns the decrypted contents.
 */
export async function readWalletContents(page: Page, passphrase: string): Promise<WalletContents> {
  const sealed = asSealedVault(JSON.parse(await readStoredVault(page)));
  return (await openVault(sealed, passphrase)).contents as WalletContents;
}

/**
 * Waits until the wallet holds a credential matching a test (for example one with its anchor proof).
 * @param page - a page of the web app with an open wallet.
 * @param passphrase - the wallet's passphrase.
 * @param test - what the credential must satisfy.
 * @param timeoutMs - how long to wait.
 * @returns the credential.
 * @throws Error with what the wallet held when none matched in time.
 */
export async function waitForStoredCredential(
  page: Page,
  passphrase: string,
  test: (credential: WalletContents['credentials'][number]) => boolean,
  timeoutMs = 30_000,
): Promise<WalletContents['credentials'][number]> {
  const deadline = Date.now() + timeoutMs;
  let last: WalletContents | undefined;
  while (Date.now() < deadline) {
    last = await readWalletContents(page, passphrase);
    const found = last.credentials.find(test);
    if (found !== undefined) return found;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  const held = last?.credentials.map((c) => ({
    id: c.id,
    anchorProof: c.anchorProof,
    anchorLookup: c.anchorLookup,
  }));
  throw new Error(`no stored credential matched within ${timeoutMs} ms: ${JSON.stringify(held)}`);
}
