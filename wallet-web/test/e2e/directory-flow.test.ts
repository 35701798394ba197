// The public directory, end to end in Chromium against the real services on a local chain. Set up over the
// issuer's and verifier's HTTP APIs: the board licenses a doctor (a did:key) and accredits the hospital, the drug
// regulator accredits the manufacturer, the manufacturer publishes a batch and hands 400 vials to the hospital; a
// treated patient publishes a review and the doctor replies. In the browser: someone abroad searches the doctor by
// name, opens the profile (licence valid at a block, accreditation chain, the review and the reply as written); the
// board revokes the licence and the reloaded profile shows it revoked; the batch is looked up by GTIN and lot, its
// custody tree checks out; a second hand-off of more stock than is left is flagged as diverted; the manufacturer
// recalls the batch and its page says so in red. Then a 360-px phone, the keyboard, and a real rate limit.
// Screenshots go to docs/screenshots/directory-*.png.
import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { Browser, Locator, Page } from 'playwright-core';
import { credentialJwtHash } from '@medtrust/core';
import { schemaIdFor } from '@medtrust/schemas';
import { generateHolderSecret, holderKeyFromSecret, type HolderKey } from '../../src/lib/holder-key.ts';
import { launchChromium, pageErrors, screenshot } from './browser.ts';
import { callJson, revokeConfirmed, type Json } from './issuer-calls.ts';
import { setUpDemoOrganisation, startStack, type RoleKeys, type Stack } from './services.ts';

const TIMEOUT_MS = 30_000;
const DOCTOR_NAME = 'Inês Carvalho Ferreira';
const HOSPITAL_NAME = 'Hospital Clínico de Lisboa';
const MANUFACTURER_NAME = 'Farmacêutica Atlântico, S.A.';
const PRODUCT = 'Botulinum toxin type A 100 U powder for solution for injection';
const GTIN = '05601234567891';
// A lot with a dot: the batch page's address must still be served as a page when reloaded.
const LOT = `E2E.${randomBytes(3).toString('hex').toUpperCase()}`;
const BATCH_ID = `urn:gtin:${GTIN}:lot:${LOT}`;
const REVIEW_TEXT =
  'A Dra. Ferreira explicou cada passo com paciência.\nRecuperação sem complicações — equipa muito atenta!';
const REPLY_TEXT = 'Obrigada pela confiança. Desejo-lhe uma ótima recuperação.';

function isoDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** Signs a JWT-VC as the holder key (did-jwt-vc's shape: `sub` carries the subject). */
function signCredential(signer: HolderKey, type: string, subject: string, claims: Json): string {
  const now = Math.floor(Date.now() / 1000);
  return signer.signJwt(
    { typ: 'JWT' },
    {
      iss: signer.did,
      sub: subject,
      jti: `urn:uuid:${randomUUID()}`,
      iat: now,
      nbf: now,
      vc: {
        '@context': ['https://www.w3.org/2018/credentials/v1'],
        type: ['VerifiableCredential', type],
        credentialSchema: { id: schemaIdFor(type as never), type: 'JsonSchema' },
        credentialSubject: claims,
      },
    },
  );
}

/** Reloads until the locator shows (the verifier reads the chain head it has seen; a new block may lag). */
async function reloadUntilVisible(page: Page, target: Locator, attempts = 20): Promise<void> {
  for (let i = 0; i < attempts; i++) {
    await page.reload();
    await page.getByRole('heading', { level: 1 }).waitFor();
    if (await target.first().isVisible()) return;
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  await target.first().waitFor({ timeout: 1 });
}

describe('public directory, end to end (Chromium, real issuer and verifier on a local chain)', () => {
  let stack: Stack;
  let browser: Browser;
  let page: Page;
  let errors: string[];
  let doctor: HolderKey;
  let patient: HolderKey;
  let regulatorKeys: RoleKeys;
  let licenceId = '';
  let batchCredentialId = '';
  let batchJwt = '';
  let firstTransferId = '';
  let licenceBlock = 0;
  let greyMarket = '';

  const issuerUrl = () => stack.issuer.url;

  async function issue(
    key: string,
    typeRoute: string,
    credentialSubject: Json,
  ): Promise<{ id: string; jwt: string }> {
    const answer = await callJson(
      `${issuerUrl()}/credentials/types/${typeRoute}`,
      'POST',
      { credentialSubject },
      key,
    );
    assert.equal(answer.status, 201, JSON.stringify(answer.body));
    const issued = { id: answer.body.id as string, jwt: answer.body.jwt as string };
    await verifiedByVerifier(issued.jwt);
    return issued;
  }

  /** Waits until the verifier verifies a credential (an issuer's first status list is created on-chain lazily). */
  async function verifiedByVerifier(jwt: string): Promise<void> {
    let last: Json = {};
    for (let i = 0; i < 120; i++) {
      const answer = await callJson(`${stack.verifier.url}/credentials/verify`, 'POST', {
        verifiableCredential: jwt,
      });
      if (answer.status === 200) return;
      last = answer.body;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    throw new Error(`the verifier never verified the credential: ${JSON.stringify(last)}`);
  }

  async function publish(key: string, id: string): Promise<void> {
    const answer = await callJson(
      `${issuerUrl()}/credentials/${encodeURIComponent(id)}/publish`,
      'POST',
      {},
      key,
    );
    assert.ok(answer.status >= 200 && answer.status < 300, JSON.stringify(answer.body));
  }

  const revokeOnChain = (key: string, id: string, reason: string) =>
    revokeConfirmed(issuerUrl(), key, id, reason);

  async function transfer(quantity: number, receiver: string): Promise<string> {
    const transferId = `urn:uuid:${randomUUID()}`;
    const issued = await issue(stack.manufacturerKeys.operator, 'custody-transfers', {
      id: transferId,
      batch: BATCH_ID,
      batchCredentialHash: credentialJwtHash(batchJwt),
      quantity,
      sender: stack.manufacturerDid,
      receiver,
      previousTransfer: null,
      transferDate: new Date(Math.floor(Date.now() / 1000) * 1000).toISOString().replace('.000Z', 'Z'),
    });
    await publish(stack.manufacturerKeys.operator, issued.id);
    return transferId;
  }

  before(async () => {
    stack = await startStack({ statusFlushMs: 250 });
    // The drug regulator accredits suppliers (accredited on-chain by the seed, like the others): the manufacturer's
    // SupplierAccreditationCredential is what provenance checks ask for. Organisations are made in-process, as
    // services.ts makes the board's; everything else goes over HTTP.
    ({ keys: regulatorKeys } = await setUpDemoOrganisation(
      stack.issuer,
      stack.chainConfig,
      'drug-regulator',
    ));

    doctor = holderKeyFromSecret(generateHolderSecret());
    patient = holderKeyFromSecret(generateHolderSecret());
    const board = stack.boardKeys.operator;
    const licence = await issue(board, 'medical-licenses', {
      id: doctor.did,
      name: DOCTOR_NAME,
      licenseNumber: '54873',
      jurisdiction: 'PT',
      specialty: 'Cirurgia Plástica, Reconstrutiva e Estética',
      scopeOfPractice: ['Aesthetic surgery', 'Reconstructive surgery'],
      validFrom: '2024-01-15',
      validUntil: '2029-01-14',
    });
    licenceId = licence.id;
    await publish(board, licence.id);
    const accreditation = await issue(board, 'hospital-accreditations', {
      id: stack.hospitalDid,
      name: HOSPITAL_NAME,
      registrationNumber: 'E123456',
      jurisdiction: 'PT',
      accreditedServices: ['Plastic and aesthetic surgery', 'Day surgery'],
      validFrom: '2025-02-01',
      validUntil: '2030-01-31',
    });
    await publish(board, accreditation.id);
    const supplier = await issue(regulatorKeys.operator, 'supplier-accreditations', {
      id: stack.manufacturerDid,
      name: MANUFACTURER_NAME,
      registrationNumber: 'INF-FAB-0427',
      jurisdiction: 'PT',
      role: 'manufacturer',
      authorizedActivities: ['Manufacture of sterile injectables', 'Batch certification and release'],
      validFrom: '2025-01-10',
      validUntil: '2030-01-09',
    });
    await publish(regulatorKeys.operator, supplier.id);
    const expiry = new Date(Date.now() + 2 * 365 * 86_400_000);
    const batch = await issue(stack.manufacturerKeys.operator, 'drug-batches', {
      id: BATCH_ID,
      product: PRODUCT,
      gtin: GTIN,
      lot: LOT,
      expiryDate: isoDay(expiry),
      quantity: 1200,
      unit: 'vial',
      manufacturingSite: 'Farmacêutica Atlântico, Setúbal plant',
      manufacturer: stack.manufacturerDid,
      certificateOfAnalysisHash: `0x${randomBytes(32).toString('hex')}`,
    });
    batchCredentialId = batch.id;
    batchJwt = batch.jwt;
    await publish(stack.manufacturerKeys.operator, batch.id);
    firstTransferId = await transfer(400, stack.hospitalDid);

    // The directory lists what verified (polling every second anyway; sync() does it now).
    await stack.verifier.directory.sync();
    const feed = stack.verifier.directory.directory.feeds()[0]!;
    assert.deepEqual([feed.listed, feed.rejected], [5, 0], JSON.stringify(feed));

    // A treated patient reviews the doctor; the doctor replies. Both signed, both verified by the directory.
    const treatment = await issue(stack.hospitalKeys.operator, 'treatments', {
      id: patient.did,
      doctor: doctor.did,
      hospital: stack.hospitalDid,
      procedureCategory: 'AES-RHINO',
      treatmentDate: isoDay(new Date()),
    });
    const review = signCredential(patient, 'ReviewCredential', doctor.did, {
      author: patient.did,
      rating: 4,
      text: REVIEW_TEXT,
      treatmentCredentialHash: credentialJwtHash(treatment.jwt),
      reviewDate: isoDay(new Date()),
    });
    const now = Math.floor(Date.now() / 1000);
    const presentation = patient.signJwt(
      { typ: 'JWT' },
      {
        iss: patient.did,
        iat: now,
        nbf: now,
        exp: now + 600,
        jti: `urn:uuid:${randomUUID()}`,
        vp: {
          '@context': ['https://www.w3.org/2018/credentials/v1'],
          type: ['VerifiablePresentation'],
          holder: patient.did,
          verifiableCredential: [treatment.jwt, review],
        },
      },
    );
    const published = await callJson(`${stack.verifier.url}/directory/reviews`, 'POST', {
      verifiablePresentation: presentation,
    });
    assert.equal(published.status, 201, JSON.stringify(published.body));
    const reply = doctor.signJwt(
      { typ: 'JWT' },
      {
        iss: doctor.did,
        iat: Math.floor(Date.now() / 1000),
        type: 'MedtrustReviewReply',
        reviewHash: published.body.reviewHash as string,
        text: REPLY_TEXT,
      },
    );
    const replied = await callJson(
      `${stack.verifier.url}/directory/reviews/${encodeURIComponent(published.body.id as string)}/replies`,
      'POST',
      { reply },
    );
    assert.equal(replied.status, 201, JSON.stringify(replied.body));

    browser = await launchChromium();
    const context = await browser.newContext({ viewport: { width: 1100, height: 900 } });
    page = await context.newPage();
    page.setDefaultTimeout(TIMEOUT_MS);
    errors = pageErrors(page);
  });

  after(async () => {
    await browser?.close();
    await stack?.close();
  });

  it('finds the doctor by name, accents or not, and opens the profile with the licence valid at a block', async () => {
    await page.goto(`${stack.web.url}/`);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Directory' }).click();
    await page.getByRole('heading', { name: 'Public directory', level: 1 }).waitFor();
    assert.equal(await page.title(), 'Public directory — medtrust');
    assert.equal(new URL(page.url()).pathname, '/directory');

    // a wrong jurisdiction is explained at the field, nothing is sent
    await page.getByLabel('Jurisdiction').fill('Portugal');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByText('Use a country code such as PT or TR').waitFor();
    assert.equal(await page.getByRole('heading', { name: 'Results' }).count(), 0);

    // nobody: said in words, with what to try
    await page.getByLabel('Jurisdiction').fill('');
    await page.getByLabel('Name, licence number or DID').fill('nobody by this name');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByText('Nobody listed matches “nobody by this name”.').waitFor();

    await page.getByLabel('Name, licence number or DID').fill('ines ferreira');
    await page.getByLabel('Doctors').check();
    await page.getByLabel('Jurisdiction').fill('pt');
    await page.getByRole('button', { name: 'Search' }).click();
    const hit = page.getByRole('link', { name: DOCTOR_NAME });
    await hit.waitFor();
    assert.equal(new URL(page.url()).search, '?q=ines+ferreira&kind=doctor&jurisdiction=PT');
    await page.getByText('54873').waitFor();
    await screenshot(page, 'directory-search');

    // "Directory" in the menu starts a new search; Back returns to the results
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Directory' }).click();
    await page.waitForURL((url) => url.pathname === '/directory' && url.search === '');
    await page.goBack();
    await page.waitForURL((url) => url.search === '?q=ines+ferreira&kind=doctor&jurisdiction=PT');
    await hit.waitFor();

    await hit.click();
    await page.getByRole('heading', { name: DOCTOR_NAME, level: 1 }).waitFor();
    assert.equal(new URL(page.url()).pathname, `/directory/profiles/${encodeURIComponent(doctor.did)}`);
    const card = page.locator('article.listed-credential');
    await card.getByRole('heading', { name: 'Medical licence' }).waitFor();
    assert.equal((await card.locator('.badge').innerText()).replace(/\s+/g, ' ').trim(), 'Status: ✓ Valid');
    const checked = await card.getByText(/^Checked on-chain at block \d+/).innerText();
    licenceBlock = Number(/block (\d+)/.exec(checked)![1]);
    assert.ok(licenceBlock > 0, checked);
    await card.getByText('Cirurgia Plástica, Reconstrutiva e Estética').waitFor();
    await card.getByText('Portugal (PT)', { exact: true }).waitFor();
    await card.getByText('15 January 2024 to 14 January 2029').waitFor();
    // the accreditation chain: governance accredited the board directly
    await card
      .getByText(
        'The issuer is accredited to issue a medical licence in Portugal (PT), directly by governance.',
      )
      .waitFor();
    assert.match(
      await card.locator('.accreditation-steps li').first().innerText(),
      /^Governance — the root of the trust registry$/,
    );
    assert.match(
      await card.locator('.accreditation-steps li').last().innerText(),
      /^Issuer[\s\S]*recorded at block \d+/,
    );
    assert.equal(await page.title(), `${DOCTOR_NAME} — Public directory — medtrust`);
  });

  it('shows the verified review and the doctor’s reply as written, and never the patient', async () => {
    await page.getByRole('heading', { name: 'Reviews', level: 2 }).waitFor();
    const review = page.locator('article.review');
    assert.equal(await review.count(), 1);
    assert.equal(await review.locator('.review-text').innerText(), REVIEW_TEXT);
    assert.equal(await review.locator('.reply-text').innerText(), REPLY_TEXT);
    await review.getByRole('img', { name: '4 out of 5 stars' }).waitFor();
    assert.match(
      await review.locator('.review-facts').innerText(),
      /A licensed doctor at an accredited hospital treated this person for AES-RHINO on \d{4}-\d{2}-\d{2}\./,
    );
    await review.getByText(`Reply from ${DOCTOR_NAME}`).waitFor();
    await page
      .getByRole('region', { name: 'Reviews' })
      .getByText('4 out of 5 stars from 1 verified review')
      .waitFor();
    const html = await page.content();
    assert.ok(!html.includes(patient.did), 'the patient’s DID is nowhere on the page');
    await screenshot(page, 'directory-profile');
  });

  it('shows the licence revoked once the board revokes it on-chain', async () => {
    const block = await revokeOnChain(stack.boardKeys.operator, licenceId, 'licence withdrawn by the board');
    const badge = page.locator('article.listed-credential .badge-revoked');
    await reloadUntilVisible(page, badge);
    const card = page.locator('article.listed-credential');
    assert.equal((await badge.innerText()).replace(/\s+/g, ' ').trim(), 'Status: ✕ Revoked');
    await card.getByText('This medical licence was revoked by its issuer. It is no longer valid.').waitFor();
    const shown = Number(
      /block (\d+)/.exec(await card.getByText(/^Checked on-chain at block \d+/).innerText())![1],
    );
    assert.ok(shown >= block && shown > licenceBlock, `read at ${shown}, revoked at ${block}`);
    await screenshot(page, 'directory-profile-revoked');
  });

  it('looks a batch up by GTIN and lot: not recalled, custody tree checked, names linked', async () => {
    await page.getByRole('link', { name: '← Search the directory' }).click();
    await page.getByRole('heading', { name: 'Public directory', level: 1 }).waitFor();
    await page.getByLabel('GTIN').fill('123');
    await page.getByLabel('Lot').fill(LOT);
    await page.getByRole('button', { name: 'Look up batch' }).click();
    await page.getByText('A GTIN has 8, 12, 13 or 14 digits.').waitFor();
    // a lot nobody published: explained, not an error page
    await page.getByLabel('GTIN').fill(GTIN);
    await page.getByLabel('Lot').fill('NOPE-1');
    await page.getByRole('button', { name: 'Look up batch' }).click();
    await page.getByText('The directory lists no batch with this GTIN and lot.').waitFor();

    await page.getByLabel('Lot').fill(LOT);
    await page.getByRole('button', { name: 'Look up batch' }).click();
    await page.getByRole('heading', { name: PRODUCT, level: 1 }).waitFor();
    assert.equal(new URL(page.url()).pathname, `/directory/batches/${encodeURIComponent(BATCH_ID)}`);
    const verdict = page.locator('.batch-verdict');
    assert.match(
      await verdict.innerText(),
      /Not recalled[\s\S]*every published hand-off checks out \(read on-chain at block \d+\)/,
    );
    assert.ok(await verdict.evaluate((el) => el.classList.contains('verdict-ok')));
    const label = page.getByRole('region', { name: 'Batch label' });
    await label.getByText(GTIN).waitFor();
    await label.getByText(LOT, { exact: true }).waitFor();
    await label.getByText('1,200 vials').waitFor();
    await label.getByRole('link', { name: MANUFACTURER_NAME }).waitFor();
    const edges = page.locator('li.custody-edge');
    assert.equal(await edges.count(), 1);
    assert.match(
      await edges.first().innerText(),
      new RegExp(`${MANUFACTURER_NAME}[\\s\\S]*${HOSPITAL_NAME}[\\s\\S]*400 vials[\\s\\S]*Checks out`),
    );
    assert.equal(await page.locator('.diversion-flag').count(), 0);
    await screenshot(page, 'directory-batch');
  });

  it('flags stock passed on twice (QUANTITY_EXCEEDED) on the hand-offs concerned', async () => {
    // 400 went to the hospital; 1,000 more "leave" the manufacturer: 1,400 out of a 1,200-vial batch
    greyMarket = holderKeyFromSecret(generateHolderSecret()).did;
    await transfer(1000, greyMarket);
    await stack.verifier.directory.sync();
    await reloadUntilVisible(page, page.locator('.diversion-flag'));
    assert.equal(await page.locator('li.custody-edge').count(), 2);
    assert.equal(await page.locator('li.custody-edge.edge-diverted').count(), 2);
    await page.getByText('Possible diverted stock').first().waitFor();
    const verdict = page.locator('.batch-verdict');
    assert.match(
      await verdict.innerText(),
      /Warning: this batch does not check out[\s\S]*some stock may be diverted or counterfeit/,
    );
    assert.ok(await verdict.evaluate((el) => el.classList.contains('verdict-danger')));
    assert.ok(firstTransferId.startsWith('urn:uuid:'));
    await screenshot(page, 'directory-batch-diverted');
  });

  it('shows the batch recalled, in red with a plain sentence, once the manufacturer revokes it', async () => {
    await revokeOnChain(stack.manufacturerKeys.operator, batchCredentialId, 'recall: sterility failure');
    await reloadUntilVisible(page, page.getByText('Recalled — do not use this batch'));
    const verdict = page.locator('.batch-verdict');
    assert.equal(await verdict.getAttribute('role'), 'alert');
    assert.match(
      await verdict.innerText(),
      /The manufacturer has recalled this batch: it revoked the batch on the public registry \(read on-chain at block \d+\)\. Do not use, sell or administer it/,
    );
    const colour = await verdict.evaluate((el) => getComputedStyle(el).backgroundColor);
    assert.equal(colour, 'rgb(164, 22, 26)', 'drawn in red');
    await page.getByRole('region', { name: 'Batch label' }).locator('.badge-revoked').waitFor();
    await screenshot(page, 'directory-batch-recalled');
  });

  it('works on a 360-px phone with the keyboard: no sideways scrolling, Enter searches, links follow', async () => {
    const phone = await browser.newContext({
      viewport: { width: 360, height: 740 },
      isMobile: true,
      hasTouch: true,
    });
    const small = await phone.newPage();
    small.setDefaultTimeout(TIMEOUT_MS);
    const phoneErrors = pageErrors(small);
    // a party the directory does not list, and an address that is no directory page
    await small.goto(`${stack.web.url}/directory/profiles/${encodeURIComponent(greyMarket)}`);
    await small.getByRole('heading', { name: 'Profile not available', level: 1 }).waitFor();
    await small
      .getByText('The directory lists no doctor, hospital or supplier with this identifier.')
      .waitFor();
    await small.goto(`${stack.web.url}/directory/pharmacies`);
    await small.getByRole('heading', { name: 'Page not found', level: 1 }).waitFor();
    await small.goto(`${stack.web.url}/directory`);
    await small.getByLabel('Name, licence number or DID').focus();
    await small.keyboard.type('54873');
    await small.keyboard.press('Enter');
    const hit = small.getByRole('link', { name: DOCTOR_NAME });
    await hit.waitFor();
    await hit.focus();
    await small.keyboard.press('Enter');
    await small.getByRole('heading', { name: DOCTOR_NAME, level: 1 }).waitFor();
    await small.getByRole('heading', { name: 'Reviews' }).waitFor();
    const overflow = await small.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `the profile is ${overflow}px wider than the screen`);
    await screenshot(small, 'directory-360');
    await small.goto(`${stack.web.url}/directory/batches/${encodeURIComponent(BATCH_ID)}`);
    await small.getByText('Recalled — do not use this batch').waitFor();
    const batchOverflow = await small.evaluate(
      () => document.documentElement.scrollWidth - window.innerWidth,
    );
    assert.ok(batchOverflow <= 0, `the batch page is ${batchOverflow}px wider than the screen`);
    await screenshot(small, 'directory-batch-360');
    // back to the profile with the browser's Back button: the address is the page
    await small.goBack();
    await small.getByRole('heading', { name: DOCTOR_NAME, level: 1 }).waitFor();
    assert.deepEqual(phoneErrors, []);
    await phone.close();
  });

  it('explains a real rate limit in plain language', async () => {
    // Everything reaches the verifier from 127.0.0.1 (the web server proxies): use up this minute's allowance,
    // then search in the browser. A window may end in between, so this is tried again in the next one.
    let limited = false;
    for (let attempt = 0; attempt < 3 && !limited; attempt++) {
      for (let i = 0; i < 500; i++) {
        const answer = await fetch(`${stack.verifier.url}/directory/search?q=flood`);
        await answer.arrayBuffer();
        if (answer.status === 429) break;
      }
      await page.goto(`${stack.web.url}/directory?q=${encodeURIComponent(`limited ${attempt}`)}`);
      await page
        .getByText(/Too many look-ups for now|Nobody listed matches/)
        .first()
        .waitFor();
      limited = await page.getByText('Too many look-ups for now').isVisible();
    }
    assert.ok(limited, 'the directory answered 429 to the browser');
    await page
      .getByText(
        /Nothing is wrong with your search\. Wait (\d+ seconds?|a minute|1 minute), then try again\./,
      )
      .waitFor();
    await page.getByRole('button', { name: 'Try again' }).waitFor();
    await screenshot(page, 'directory-rate-limited');
    assert.deepEqual(errors, []);
  });
});
