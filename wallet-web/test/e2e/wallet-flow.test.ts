// End to end, in Chromium, against the real services on a real local chain: a board clerk issues a licence in the
// console and offers it; the doctor's wallet (its own browser context) creates its DID, receives the licence and
// fetches its anchor proof from the issuer; a clinic (a third context) asks for it and sees it verified, anchored
// on-chain; the clerk revokes it; the same check then shows it revoked. Every screen is written to docs/screenshots/.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { generateHolderSecret, holderKeyFromSecret } from '../../src/lib/holder-key.ts';
import { credentialJwtHash } from '../../src/lib/review-signing.ts';
import {
  launchChromium,
  pageErrors,
  readStoredVault,
  screenshot,
  waitForStoredCredential,
} from './browser.ts';
import { callJson } from './issuer-calls.ts';
import { writeQrVideo } from './fake-camera.ts';
import { startStack, type Stack } from './services.ts';

const PASSPHRASE = 'lisbon harbour violet 42';
const TIMEOUT_MS = 20_000;

/** Storage a page can see: localStorage and sessionStorage, as text. */
function readWebStorage(page: Page): Promise<{ local: string; session: string }> {
  return page.evaluate(() => ({
    local: JSON.stringify({ ...localStorage }),
    session: JSON.stringify({ ...sessionStorage }),
  }));
}

async function newPage(browser: Browser, width = 1100): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: { width, height: 900 }, acceptDownloads: true });
  const page = await context.newPage();
  page.setDefaultTimeout(TIMEOUT_MS);
  return { context, page };
}

describe('medtrust web app, end to end (Chromium, real issuer and verifier on a local chain)', () => {
  let stack: Stack;
  let browser: Browser;
  let doctor: Page;
  let clerk: Page;
  let clinic: Page;
  let doctorContext: BrowserContext;
  let did = '';
  let offerLink = '';
  let pin = '';
  let credentialId = '';
  const errors: string[][] = [];
  const scratch = mkdtempSync(join(tmpdir(), 'medtrust-e2e-camera-'));
  const camera = join(scratch, 'camera.y4m');

  before(async () => {
    stack = await startStack({ statusFlushMs: 250 });
    writeQrVideo(camera, 'nothing to see yet');
    browser = await launchChromium(camera);
    ({ context: doctorContext, page: doctor } = await newPage(browser));
    await doctorContext.grantPermissions(['camera']);
    ({ page: clerk } = await newPage(browser));
    ({ page: clinic } = await newPage(browser));
    errors.push(pageErrors(doctor), pageErrors(clerk), pageErrors(clinic));
  });

  after(async () => {
    await browser?.close();
    await stack?.close();
    rmSync(scratch, { recursive: true, force: true });
  });

  it('the doctor creates a wallet: a did:key made in the browser, sealed with the passphrase', async () => {
    await doctor.goto(`${stack.web.url}/`);
    await doctor.getByRole('heading', { name: 'Create your wallet' }).waitFor();
    await doctor.getByLabel('Passphrase', { exact: true }).fill('short');
    await doctor.getByRole('button', { name: 'Create wallet' }).click();
    await doctor.getByText('Use at least 10 characters.').waitFor();
    await doctor.getByLabel('Passphrase', { exact: true }).fill(PASSPHRASE);
    await doctor.getByLabel('Repeat the passphrase').fill(PASSPHRASE);
    await screenshot(doctor, 'wallet-create');
    await doctor.getByRole('button', { name: 'Create wallet' }).click();
    await doctor.getByRole('heading', { name: 'Your identifier' }).waitFor();
    did = await doctor.getByLabel('Your DID').inputValue();
    assert.match(did, /^did:key:z6Mk[1-9A-HJ-NP-Za-km-z]+$/);
    await doctor.getByText('No credentials yet.').waitFor();

    const vault = await readStoredVault(doctor);
    assert.match(vault, /"ciphertext"/);
    assert.match(vault, /"iterations":600000/);
    assert.doesNotMatch(vault, /secret|did:key/, 'neither the key nor the DID is stored in clear');
    assert.deepEqual(await readWebStorage(doctor), { local: '{}', session: '{}' });

    await doctor.getByRole('button', { name: 'Lock wallet' }).click();
    await doctor.getByLabel('Passphrase', { exact: true }).fill('not the passphrase');
    await doctor.getByRole('button', { name: 'Unlock' }).click();
    await doctor.getByText('That passphrase does not open this wallet.').waitFor();
    await doctor.getByLabel('Passphrase', { exact: true }).fill(PASSPHRASE);
    await doctor.getByRole('button', { name: 'Unlock' }).click();
    assert.equal(await doctor.getByLabel('Your DID').inputValue(), did);
    await screenshot(doctor, 'wallet-empty');
  });

  it('a board clerk signs in with an API key and issues a licence, with field-level errors first', async () => {
    await clerk.goto(`${stack.web.url}/console`);
    await clerk.getByLabel('API key').fill('mtk_not-a-key');
    await clerk.getByRole('button', { name: 'Sign in' }).click();
    await clerk.getByText('That API key is not valid').first().waitFor();
    await clerk.getByLabel('API key').fill(stack.boardKeys.operator);
    await clerk.getByRole('button', { name: 'Sign in' }).click();
    await clerk.getByText('Signed in to').waitFor();
    await clerk.getByText('Ordem dos Médicos').waitFor();
    const storage = await readWebStorage(clerk);
    assert.equal(storage.local, '{}');
    assert.match(storage.session, /mts_/, 'the session token lives in sessionStorage');
    assert.doesNotMatch(storage.session, /mtk_/, 'the API key itself is never stored');

    await clerk.getByLabel('Subject identifier').fill(did);
    await clerk.getByLabel('Name', { exact: true }).fill('Dr. Inês Carvalho Ferreira');
    await clerk.getByLabel('Licence number').fill('54 873!');
    await clerk.getByLabel('Specialty').fill('Plastic, Reconstructive and Aesthetic Surgery');
    await clerk
      .getByLabel('Scope of practice')
      .fill('Aesthetic surgery\nBotulinum toxin and filler injections');
    await clerk.getByLabel('Valid from').fill('2024-01-15');
    await clerk.getByLabel('Valid until').fill('2029-01-14');
    await clerk.getByRole('button', { name: 'Issue credential' }).click();
    await clerk.getByText('Some fields need attention.').waitFor();
    const licenceError = await clerk.getByLabel('Licence number').getAttribute('aria-describedby');
    assert.ok(licenceError?.includes('error'), 'the licence number field points at its error');
    assert.match(
      await clerk.locator(`[id="${licenceError!.split(' ').pop()}"]`).innerText(),
      /Invalid format/,
    );
    assert.match(
      await clerk
        .locator(
          `[id="${(await clerk.getByLabel('Jurisdiction').getAttribute('aria-describedby'))!.split(' ').pop()}"]`,
        )
        .innerText(),
      /Required/,
    );
    await screenshot(clerk, 'console-issue-errors');

    await clerk.getByLabel('Licence number').fill('54873');
    await clerk.getByLabel('Jurisdiction').fill('PT');
    await clerk.getByRole('button', { name: 'Issue credential' }).click();
    await clerk.getByText('Medical licence issued').waitFor();
    credentialId = await clerk.getByLabel('Credential id').inputValue();
    assert.match(credentialId, /^urn:uuid:/);
  });

  it('the clerk creates an OID4VCI offer: QR code, link and PIN', async () => {
    await clerk.getByRole('button', { name: 'Create offer' }).click();
    await clerk.getByRole('img', { name: 'QR code of the credential offer' }).waitFor();
    offerLink = await clerk.getByLabel('Offer link').inputValue();
    pin = await clerk.getByLabel('PIN', { exact: true }).inputValue();
    assert.match(offerLink, /^openid-credential-offer:\/\/\?credential_offer=/);
    assert.match(pin, /^\d{6}$/);
    await screenshot(clerk, 'console-offer');
  });

  it('the doctor’s wallet receives the licence from the offer link, asking for the PIN', async () => {
    await doctor.getByRole('button', { name: 'Receive a credential' }).click();
    await doctor.getByLabel('Credential offer link').fill(offerLink);
    await doctor.getByRole('button', { name: 'Open offer' }).click();
    await doctor.getByText('offers you a Medical License').waitFor();
    const wrong = pin === '000000' ? '111111' : '000000';
    await doctor.getByLabel('PIN').fill(wrong);
    await doctor.getByRole('button', { name: 'Accept credential' }).click();
    await doctor.getByText('The PIN is wrong.').waitFor();
    await doctor.getByLabel('PIN').fill(pin);
    await screenshot(doctor, 'wallet-offer-pin');
    await doctor.getByRole('button', { name: 'Accept credential' }).click();
    await doctor.getByText('Credential received').waitFor();
    await doctor.getByRole('button', { name: 'Back to my credentials' }).click();

    const card = doctor.getByRole('article', { name: 'Medical licence' });
    await card.getByText('Dr. Inês Carvalho Ferreira').waitFor();
    await card.getByText('54873').waitFor();
    await card.getByText('Valid', { exact: true }).waitFor();
    assert.doesNotMatch(await readStoredVault(doctor), /Carvalho|54873/, 'credentials are stored encrypted');
    await screenshot(doctor, 'wallet-credential');
  });

  it('the wallet fetches the licence’s anchor proof from the issuer and keeps it beside the licence', async () => {
    const stored = await waitForStoredCredential(doctor, PASSPHRASE, (c) => c.anchorProof !== undefined);
    const hash = credentialJwtHash(stored.jwt);
    assert.equal(stored.anchorProof!.credentialHash, hash);
    assert.equal(stored.anchorLookup, undefined, 'no pending state left once anchored');
    // the same proof the issuer serves publicly
    const served = await callJson(`${stack.issuer.url}/public/anchor-proofs/${hash}`, 'GET');
    assert.equal(served.status, 200);
    assert.deepEqual(served.body, { state: 'anchored', proof: stored.anchorProof });
    // the badge, verified with the proof, says where and when it was registered
    const card = doctor.getByRole('article', { name: 'Medical licence' });
    await card
      .getByText(
        new RegExp(
          `^Registered on-chain on \\d{1,2} \\w+ \\d{4}, \\d\\d:\\d\\d UTC \\(block ${stored.anchorProof!.blockNumber}\\)$`,
        ),
      )
      .first()
      .waitFor();
    await card.getByText('Valid', { exact: true }).waitFor();
  });

  it('a clinic asks for the licence; the wallet shows what is shared with whom, and the clinic sees it verified', async () => {
    await clinic.goto(`${stack.web.url}/clinic`);
    await clinic
      .getByLabel('What to check')
      .selectOption({ label: "Clinic checks a doctor's medical licence" });
    await clinic.getByRole('button', { name: 'Create request' }).click();
    const qr = clinic.getByRole('img', { name: /QR code of the presentation request/ });
    await qr.waitFor();
    await clinic.getByText('Waiting for the answer…').waitFor();
    await screenshot(clinic, 'clinic-request');

    // the wallet reads the clinic's QR code from a picture of it
    const src = (await qr.getAttribute('src'))!;
    const png = Buffer.from(src.slice(src.indexOf(',') + 1), 'base64');
    await doctor.getByRole('button', { name: 'Answer a verifier' }).click();
    await doctor
      .getByLabel('QR code from a picture')
      .setInputFiles({ name: 'qr.png', mimeType: 'image/png', buffer: png });
    await doctor.getByText('asks to see:').waitFor();
    await doctor.getByText('medtrust verifier').first().waitFor();
    await doctor.getByText("Clinic checks a doctor's medical licence").waitFor();
    const shared = doctor.locator('.share-fields');
    for (const text of ['Licence number', '54873', 'Specialty', 'Scope of practice'])
      await shared.getByText(text).first().waitFor();
    await screenshot(doctor, 'wallet-consent');
    await doctor.getByRole('button', { name: 'Share' }).click();
    await doctor.getByText('Accepted').waitFor();

    await clinic.getByText('Answer received: verified').waitFor();
    const report = clinic.getByRole('region', { name: 'Verification report' });
    for (const sentence of [
      'Verified',
      'Signature is valid',
      'Issuer is accredited to issue it',
      'Presented by the person it was issued to',
      'Fresh answer to this request (not replayed)',
    ]) {
      await report.getByText(sentence, { exact: true }).first().waitFor();
    }
    await report.getByText(/Not revoked or suspended \(on-chain registry at block \d+\)/).waitFor();
    await report
      .getByText(/^Registered on-chain on .+ UTC \(block \d+\)$/)
      .first()
      .waitFor();
    await report.getByText('Technical details').click();
    await report.getByText('"verified": true').first().waitFor();
    // the verifier checked the licence's anchor (its proof came holder-signed in the presentation)
    const raw = JSON.parse(await report.locator('pre').innerText()) as {
      verified: boolean;
      credentials: Array<{
        checks: Array<{ check: string; status: string }>;
        credential?: { anchor?: unknown };
      }>;
    };
    assert.equal(raw.verified, true);
    assert.equal(raw.credentials[0]!.checks.find((c) => c.check === 'anchoring')?.status, 'passed');
    assert.ok(raw.credentials[0]!.credential?.anchor, 'the report says where it was anchored');
    await screenshot(clinic, 'clinic-verified');
    await doctor.getByRole('button', { name: 'Done' }).click();
  });

  it('the clerk revokes the licence behind a confirmation with a reason, and sees it confirmed on-chain', async () => {
    await clerk.getByRole('tab', { name: 'Credentials' }).click();
    await clerk.getByLabel('Search credentials').fill(did.slice(-12));
    await clerk.getByRole('button', { name: 'Search', exact: true }).click();
    await clerk.getByRole('button', { name: `Open Medical licence ${credentialId}` }).click();
    await clerk.getByRole('button', { name: 'Revoke' }).click();
    const dialog = clerk.getByRole('dialog', { name: 'Revoke this credential?' });
    await dialog.waitFor();
    assert.equal(
      await dialog.getByRole('button', { name: 'Revoke' }).isDisabled(),
      true,
      'a reason is required',
    );
    await dialog.getByLabel('Reason').fill('licence withdrawn by the board');
    await screenshot(clerk, 'console-revoke-dialog');
    await dialog.getByRole('button', { name: 'Revoke' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await clerk
      .getByRole('table', { name: 'Status changes' })
      .getByText(/Confirmed on-chain in block \d+/)
      .waitFor();
    await clerk.getByText('Revoked', { exact: true }).first().waitFor();
    await screenshot(clerk, 'console-revoked');
  });

  it('the same check, answered by scanning with the camera, now shows the licence revoked', async () => {
    await clinic.getByRole('button', { name: 'New request' }).click();
    await clinic.getByText('Waiting for the answer…').waitFor();
    const link = await clinic.getByLabel('Request link').inputValue();
    assert.match(link, /^openid4vp:\/\/\?client_id=decentralized_identifier%3Adid%3Akey%3A/);
    // this time the wallet scans the clinic's QR code with the camera
    writeQrVideo(camera, link);
    await doctor.getByRole('button', { name: 'Answer a verifier' }).click();
    await doctor.getByRole('button', { name: 'Scan QR code' }).click();
    await doctor.getByText('asks to see:').waitFor();
    assert.equal(
      await doctor.getByLabel('Presentation request link').count(),
      0,
      'the scan opened the request',
    );
    await doctor.getByRole('button', { name: 'Share' }).click();
    await doctor.getByText('Not accepted').waitFor();
    await doctor.getByText('Not verified: revoked').waitFor();

    await clinic.getByText('Answer received: not verified').waitFor();
    const report = clinic.getByRole('region', { name: 'Verification report' });
    await report.getByText('Not verified: revoked').waitFor();
    await report.getByText(/^Medical licence revoked \(on-chain registry at block \d+\)$/).waitFor();
    await report.getByText('Signature is valid', { exact: true }).first().waitFor();
    await screenshot(clinic, 'clinic-revoked');

    await doctor.getByRole('button', { name: 'Done' }).click();
    const card = doctor.getByRole('article', { name: 'Medical licence' });
    await card.getByRole('button', { name: 'Check again' }).click();
    await card.getByText('Revoked', { exact: true }).waitFor();
    await screenshot(doctor, 'wallet-revoked');
  });

  it('the clinic verifies a pasted credential and explains what failed', async () => {
    const stored = await fetch(`${stack.issuer.url}/credentials/${encodeURIComponent(credentialId)}`, {
      headers: { authorization: `Bearer ${stack.boardKeys.auditor}` },
    });
    const { jwt } = (await stored.json()) as { jwt: string };
    await clinic.getByLabel('Credential or presentation').fill(jwt);
    await clinic.getByRole('button', { name: 'Verify', exact: true }).click();
    const reports = clinic.getByRole('region', { name: 'Verification report' });
    await reports
      .last()
      .getByText(/^Medical licence revoked \(on-chain registry at block \d+\)$/)
      .waitFor();
    // a licence that lapsed: genuine, accredited, unrevoked, yet not valid — said with its date and time zone
    const lapsed = await fetch(`${stack.issuer.url}/credentials/types/medical-licenses`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${stack.boardKeys.operator}` },
      body: JSON.stringify({
        credentialSubject: {
          id: 'did:ethr:0x7a69:0x90F79bf6EB2c4f870365E785982E1f101E93b906',
          name: 'Rui Lapso',
          licenseNumber: '11111',
          jurisdiction: 'PT',
          specialty: 'Dermatology',
          scopeOfPractice: ['Botulinum toxin and filler injections'],
          validFrom: '2020-01-01',
          validUntil: '2025-12-31',
        },
      }),
    });
    assert.equal(lapsed.status, 201);
    const lapsedId = ((await lapsed.json()) as { id: string }).id;
    const lapsedStored = await fetch(`${stack.issuer.url}/credentials/${encodeURIComponent(lapsedId)}`, {
      headers: { authorization: `Bearer ${stack.boardKeys.auditor}` },
    });
    await clinic
      .getByLabel('Credential or presentation')
      .fill(((await lapsedStored.json()) as { jwt: string }).jwt);
    await clinic.getByRole('button', { name: 'Verify', exact: true }).click();
    await reports.last().getByText('Licence lapsed on 31 December 2025 (UTC)', { exact: true }).waitFor();
    await reports.last().getByText('Licence valid 1 January 2020 – 31 December 2025 (UTC)').waitFor();
    await reports.last().getByText('Not verified: licence lapsed').waitFor();

    await clinic.getByLabel('Credential or presentation').fill('not a credential');
    await clinic.getByRole('button', { name: 'Verify', exact: true }).click();
    await reports.last().getByText('Unreadable or incomplete document').waitFor();
    await screenshot(clinic, 'clinic-verify-document');
  });

  it('the clerk issues a CSV batch with a progress bar and downloads the result', async () => {
    const subjects = [1, 2].map(() => holderKeyFromSecret(generateHolderSecret()).did);
    const csv = [
      'credentialSubject.id,name,licenseNumber,jurisdiction,specialty,scopeOfPractice,validFrom,validUntil',
      `${subjects[0]},Dr. Rui Almeida,60001,PT,Dermatology,Aesthetic dermatology,2025-01-01,2030-12-31`,
      `${subjects[1]},Dr. Sofia Lopes,60002,PT,Plastic Surgery,Aesthetic surgery;Reconstructive surgery,2025-01-01,2030-12-31`,
    ].join('\n');
    await clerk.getByRole('tab', { name: 'Batch upload' }).click();
    await clerk
      .getByLabel('CSV file')
      .setInputFiles({ name: 'register.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await clerk.getByRole('button', { name: 'Upload and issue' }).click();
    await clerk.getByText('2 of 2 processed, 0 failed — done.').waitFor();
    assert.equal(await clerk.getByLabel('Batch progress').getAttribute('value'), '2');
    const download = clerk.waitForEvent('download');
    await clerk.getByRole('link', { name: 'Download result (CSV)' }).click();
    const file = readFileSync((await (await download).path())!, 'utf8')
      .trim()
      .split(/\r?\n/);
    assert.equal(file[0], 'row,credentialId,subject,issuedAt');
    assert.equal(file.length, 3);
    assert.deepEqual(
      file
        .slice(1)
        .map((line) => line.split(',')[2])
        .sort(),
      [...subjects].sort(),
    );
    await screenshot(clerk, 'console-batch');
  });

  it('the audit log shows the sign-in, the issuance, the offer and the revocation', async () => {
    await clerk.getByRole('tab', { name: 'Audit log' }).click();
    const log = clerk.getByRole('table', { name: 'Newest first' });
    for (const action of [
      'Staff sign-in',
      'Credential issued',
      'Offer created',
      'Credential delivered to a wallet',
      'Credential revoked',
    ]) {
      await log.getByText(action, { exact: true }).first().waitFor();
    }
    await screenshot(clerk, 'console-audit');
  });

  it('an admin rotates the signing key; an operator may not', async () => {
    await clerk.getByRole('tab', { name: 'Signing keys' }).click();
    await clerk.getByRole('button', { name: 'Rotate signing key' }).click();
    await clerk
      .getByRole('dialog', { name: 'Rotate the signing key?' })
      .getByRole('button', { name: 'Rotate' })
      .click();
    await clerk.getByText('Only an admin API key can rotate keys.').waitFor();

    const { context, page: admin } = await newPage(browser);
    errors.push(pageErrors(admin));
    await admin.goto(`${stack.web.url}/console`);
    await admin.getByLabel('API key').fill(stack.boardKeys.admin);
    await admin.getByRole('button', { name: 'Sign in' }).click();
    await admin.getByRole('tab', { name: 'Signing keys' }).click();
    await admin.getByRole('button', { name: 'Rotate signing key' }).click();
    await admin
      .getByRole('dialog', { name: 'Rotate the signing key?' })
      .getByRole('button', { name: 'Rotate' })
      .click();
    await admin.getByText('Key rotated').waitFor({ timeout: 30_000 });
    await admin.getByText(/^Transaction 0x[0-9a-f]{64}$/).waitFor();
    await screenshot(admin, 'console-keys');
    await context.close();
  });

  it('the wallet backup restores the same DID and credentials in another browser', async () => {
    const download = doctor.waitForEvent('download');
    await doctor.getByRole('button', { name: 'Download backup' }).click();
    const backup = readFileSync((await (await download).path())!);
    assert.doesNotMatch(backup.toString('utf8'), /did:key|Carvalho|secret/);

    const { context, page } = await newPage(browser);
    errors.push(pageErrors(page));
    await page.goto(`${stack.web.url}/`);
    await page.getByText('Restore from a backup file').click();
    await page
      .getByLabel('Backup file')
      .setInputFiles({ name: 'backup.json', mimeType: 'application/json', buffer: backup });
    await page.getByLabel('Backup passphrase').fill('wrong passphrase');
    await page.getByRole('button', { name: 'Restore wallet' }).click();
    await page.getByText('That passphrase does not open this backup.').waitFor();
    await page.getByLabel('Backup passphrase').fill(PASSPHRASE);
    await page.getByRole('button', { name: 'Restore wallet' }).click();
    assert.equal(await page.getByLabel('Your DID').inputValue(), did);
    await page.getByRole('article', { name: 'Medical licence' }).getByText('54873').waitFor();
    await context.close();
  });

  it('the wallet fits a 360 px wide phone and is usable with the keyboard', async () => {
    const page = await doctorContext.newPage();
    errors.push(pageErrors(page));
    page.setDefaultTimeout(TIMEOUT_MS);
    await page.setViewportSize({ width: 360, height: 780 });
    await page.goto(`${stack.web.url}/`);
    const passphrase = page.getByLabel('Passphrase', { exact: true });
    await passphrase.waitFor();
    // keyboard only: skip link first, then Tab to the passphrase, type it, Enter
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Skip to content');
    await page.keyboard.press('Enter');
    for (let i = 0; i < 10 && !(await passphrase.evaluate((el) => el === document.activeElement)); i++) {
      await page.keyboard.press('Tab');
    }
    await page.keyboard.type(PASSPHRASE);
    await page.keyboard.press('Enter');
    await page.getByRole('article', { name: 'Medical licence' }).waitFor();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `no horizontal scrolling at 360 px (overflow ${overflow}px)`);
    await screenshot(page, 'wallet-360');
    await page.close();
    assert.deepEqual(errors.flat(), [], 'no uncaught errors in any page');
  });
});
