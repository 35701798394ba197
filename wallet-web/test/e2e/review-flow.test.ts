// Double-signed reviews end to end, in Chromium, against the real issuer, verifier (and its public directory) on a
// real local chain: the patient's wallet makes a visit DID; the hospital issues the treatment record to it; the
// wallet receives it on that DID, writes a review and publishes it (signed by the visit DID, bound to the treatment);
// the doctor's wallet sees the review of their treatment and replies; a second review of the same doctor for the
// same treatment is refused, and a review of a revoked treatment is refused with the reason in plain language.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { credentialJwtHash } from '../../src/lib/review-signing.ts';
import {
  launchChromium,
  pageErrors,
  readStoredVault,
  screenshot,
  waitForStoredCredential,
} from './browser.ts';
import { callJson, revokeConfirmed } from './issuer-calls.ts';
import { startStack, type Stack } from './services.ts';

const PASSPHRASE = 'porto ribeira amber 17';
const TIMEOUT_MS = 20_000;
const REVIEW_TEXT = 'The nurse explained every step; the swelling was gone in a week, as the doctor said.';
const REPLY_TEXT = 'Thank you for coming back to tell us — wishing you a smooth recovery.';

/** Calls the issuer's API as an organisation's operator, asserting a 2xx answer. */
async function issuerCall<T>(
  stack: Stack,
  apiKey: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<T> {
  const answer = await callJson(`${stack.issuer.url}${path}`, method, body, apiKey);
  assert.ok(
    answer.status >= 200 && answer.status < 300,
    `${method} ${path} → ${answer.status} ${JSON.stringify(answer.body)}`,
  );
  return answer.body as T;
}

async function issue(
  stack: Stack,
  apiKey: string,
  route: string,
  credentialSubject: Record<string, unknown>,
): Promise<{ id: string }> {
  return issuerCall(stack, apiKey, 'POST', `/credentials/types/${route}`, { credentialSubject });
}

async function createWallet(page: Page, url: string): Promise<string> {
  await page.goto(`${url}/`);
  await page.getByLabel('Passphrase', { exact: true }).fill(PASSPHRASE);
  await page.getByLabel('Repeat the passphrase').fill(PASSPHRASE);
  await page.getByRole('button', { name: 'Create wallet' }).click();
  return page.getByLabel('Your DID').inputValue();
}

async function receive(page: Page, offerUri: string): Promise<void> {
  await page.getByRole('button', { name: 'Receive a credential' }).click();
  await page.getByLabel('Credential offer link').fill(offerUri);
  await page.getByRole('button', { name: 'Open offer' }).click();
  await page.getByRole('button', { name: 'Accept credential' }).click();
  await page.getByText('Credential received').waitFor();
  await page.getByRole('button', { name: 'Back to my credentials' }).click();
}

const today = () => new Date().toISOString().slice(0, 10);

describe('double-signed reviews in the wallet (Chromium, real issuer, verifier and directory on a local chain)', () => {
  let stack: Stack;
  let browser: Browser;
  let patient: Page;
  let doctor: Page;
  const errors: string[][] = [];
  let doctorDid = '';
  let visitDid = '';
  let mainPatientDid = '';
  let treatmentId = '';

  before(async () => {
    stack = await startStack({ statusFlushMs: 250 });
    browser = await launchChromium();
    for (const width of [1100, 360]) {
      const context = await browser.newContext({ viewport: { width, height: 900 } });
      const page = await context.newPage();
      page.setDefaultTimeout(TIMEOUT_MS);
      errors.push(pageErrors(page));
      if (width === 1100) doctor = page;
      else patient = page;
    }
  });

  after(async () => {
    await browser?.close();
    await stack?.close();
  });

  it('the board licenses the doctor (received in the doctor’s wallet) and accredits the hospital, both published', async () => {
    doctorDid = await createWallet(doctor, stack.web.url);
    const board = stack.boardKeys.operator;
    const licence = await issue(stack, board, 'medical-licenses', {
      id: doctorDid,
      name: 'Dr. Tiago Mendes Rocha',
      licenseNumber: '61234',
      jurisdiction: 'PT',
      specialty: 'Plastic, Reconstructive and Aesthetic Surgery',
      scopeOfPractice: ['Aesthetic surgery'],
      validFrom: '2020-01-01',
      validUntil: '2030-12-31',
    });
    const accreditation = await issue(stack, board, 'hospital-accreditations', {
      id: stack.hospitalDid,
      name: 'Hospital Clínico de Lisboa',
      registrationNumber: 'PT-HSP-0042',
      jurisdiction: 'PT',
      accreditedServices: ['Rhinoplasty'],
      validFrom: '2020-01-01',
      validUntil: '2030-12-31',
    });
    for (const { id } of [licence, accreditation]) {
      await issuerCall(stack, board, 'POST', `/credentials/${encodeURIComponent(id)}/publish`);
    }
    await stack.verifier.directory.sync();
    const { offerUri } = await issuerCall<{ offerUri: string }>(
      stack,
      board,
      'POST',
      `/credentials/${encodeURIComponent(licence.id)}/offers`,
      {},
    );
    await receive(doctor, offerUri);
    await doctor.getByRole('article', { name: 'Medical licence' }).waitFor();
    await doctor.getByRole('heading', { name: 'Reviews of your treatments' }).waitFor();
    await doctor.getByText('No published reviews of your treatments yet.').waitFor();
  });

  it('the patient (on a 360-px phone) makes a visit DID and receives the treatment record on it', async () => {
    mainPatientDid = await createWallet(patient, stack.web.url);
    await patient.getByLabel('Visit name', { exact: false }).fill('Hospital Clínico, rhinoplasty');
    await patient.getByRole('button', { name: 'New visit identity' }).click();
    visitDid = await patient.getByLabel('Visit DID: Hospital Clínico, rhinoplasty').inputValue();
    assert.match(visitDid, /^did:key:z6Mk/);
    assert.notEqual(visitDid, mainPatientDid);

    const hospital = stack.hospitalKeys.operator;
    const treatment = await issue(stack, hospital, 'treatments', {
      id: visitDid,
      doctor: doctorDid,
      hospital: stack.hospitalDid,
      procedureCategory: 'AES-RHINO',
      treatmentDate: today(),
    });
    treatmentId = treatment.id;
    const { offerUri } = await issuerCall<{ offerUri: string }>(
      stack,
      hospital,
      'POST',
      `/credentials/${encodeURIComponent(treatment.id)}/offers`,
      {},
    );
    await receive(patient, offerUri);
    const card = patient.getByRole('article', { name: 'Treatment record' });
    await card.getByText('AES-RHINO').waitFor();
    await card.getByText('Held by your visit identity “Hospital Clínico, rhinoplasty”.').waitFor();
    await card.getByText('Valid', { exact: true }).waitFor();
    const vault = await readStoredVault(patient);
    assert.match(vault, /"ciphertext"/);
    assert.ok(
      !vault.includes(visitDid.slice(8)) && !vault.includes('AES-RHINO'),
      'visit key and record sealed',
    );
    await screenshot(patient, 'wallet-visit-treatment');
  });

  it('the wallet keeps the treatment record’s anchor proof, so its presentations carry it', async () => {
    const stored = await waitForStoredCredential(
      patient,
      PASSPHRASE,
      (c) => c.id === treatmentId && c.anchorProof !== undefined,
    );
    assert.equal(stored.holderDid, visitDid);
    assert.equal(stored.anchorProof!.credentialHash, credentialJwtHash(stored.jwt));
    const served = await callJson(
      `${stack.issuer.url}/public/anchor-proofs/${stored.anchorProof!.credentialHash}`,
      'GET',
    );
    assert.deepEqual(served.body, { state: 'anchored', proof: stored.anchorProof });
    await patient
      .getByRole('article', { name: 'Treatment record' })
      .getByText(/^Registered on-chain on .+ UTC \(block \d+\)$/)
      .first()
      .waitFor();
  });

  it('the patient writes a review of the doctor; it is signed by the visit DID and published', async () => {
    const card = patient.getByRole('article', { name: 'Treatment record' });
    await card.getByRole('button', { name: 'Write a review' }).click();
    const form = patient.getByRole('form', { name: 'Review your treatment' });
    await form.getByRole('button', { name: 'Sign and publish' }).click();
    await form.getByText('choose a rating from 1 to 5 stars').waitFor();
    await form.getByRole('radio', { name: '4 stars' }).check();
    await form.getByLabel('Your review').fill(REVIEW_TEXT);
    await screenshot(patient, 'wallet-review-write');
    await form.getByRole('button', { name: 'Sign and publish' }).click();
    const published = patient.getByRole('heading', { name: 'Review published' });
    const refused = form.getByText('The review was not published');
    await published.or(refused).waitFor();
    if (await refused.isVisible()) assert.fail(`the review was refused: ${await form.innerText()}`);
    await patient
      .getByText(
        `A licensed doctor at an accredited hospital treated this person for AES-RHINO on ${today()}.`,
      )
      .waitFor();
    await screenshot(patient, 'wallet-review-published');
    await patient.getByRole('button', { name: 'Back to my credentials' }).click();
    await card.getByText(/You published a 4-star review on/).waitFor();

    // what the public directory serves names neither of the patient's DIDs
    const response = await fetch(`${stack.verifier.url}/directory/profiles/${encodeURIComponent(doctorDid)}`);
    assert.equal(response.status, 200);
    const profile = await response.text();
    assert.ok(profile.includes(REVIEW_TEXT));
    assert.ok(!profile.includes(visitDid) && !profile.includes(mainPatientDid), 'no patient DID is public');
  });

  it('a second review of the same doctor for the same treatment is refused, in plain language', async () => {
    const card = patient.getByRole('article', { name: 'Treatment record' });
    await card.getByRole('button', { name: 'Write a review' }).click();
    const form = patient.getByRole('form', { name: 'Review your treatment' });
    await form.getByRole('radio', { name: '1 star' }).check();
    await form.getByLabel('Your review').fill('Changed my mind.');
    await form.getByRole('button', { name: 'Sign and publish' }).click();
    await form
      .getByText('this treatment already has a published review of this doctor or hospital', { exact: false })
      .waitFor();
    await form.getByRole('button', { name: 'Cancel' }).click();
  });

  it('the doctor’s wallet shows the review of their treatment and publishes a signed reply', async () => {
    const panel = doctor.getByRole('region', { name: 'Reviews of your treatments' });
    await panel.getByRole('button', { name: 'Refresh' }).click();
    await panel.getByText(REVIEW_TEXT).waitFor();
    await panel.getByLabel('4 out of 5 stars').waitFor();
    await panel.getByLabel('Your reply').fill(REPLY_TEXT);
    await panel.getByRole('button', { name: 'Sign and publish reply' }).click();
    await panel.getByText(REPLY_TEXT).waitFor();
    await screenshot(doctor, 'wallet-review-reply');

    const response = await fetch(`${stack.verifier.url}/directory/profiles/${encodeURIComponent(doctorDid)}`);
    const profile = (await response.json()) as {
      reviews: Array<{ text?: string; replies: Array<{ doctor: string; text: string }> }>;
    };
    const review = profile.reviews.find((r) => r.text === REVIEW_TEXT);
    assert.deepEqual(
      review?.replies.map((r) => [r.doctor, r.text]),
      [[doctorDid, REPLY_TEXT]],
    );
  });

  it('after the hospital revokes the treatment record, a review of the hospital is refused with the reason', async () => {
    await revokeConfirmed(stack.issuer.url, stack.hospitalKeys.operator, treatmentId, 'issued in error');
    const card = patient.getByRole('article', { name: 'Treatment record' });
    const revoked = card.getByText('Revoked', { exact: true });
    for (let attempt = 0; attempt < 20 && !(await revoked.isVisible()); attempt++) {
      await card.getByRole('button', { name: 'Check again' }).click();
      await patient.waitForTimeout(500);
    }
    if (!(await revoked.isVisible())) assert.fail(`not shown as revoked: ${await card.innerText()}`);
    await card.getByRole('button', { name: 'Write a review' }).click();
    const form = patient.getByRole('form', { name: 'Review your treatment' });
    await form.getByRole('radio', { name: /The hospital/ }).check();
    await form.getByRole('radio', { name: '5 stars' }).check();
    await form.getByRole('button', { name: 'Sign and publish' }).click();
    await form.getByText(/the hospital has revoked or suspended the treatment record/).waitFor();
    await screenshot(patient, 'wallet-review-refused');
  });

  it('raised no page error and no Content Security Policy violation', () => {
    assert.deepEqual(errors.flat(), []);
  });
});
