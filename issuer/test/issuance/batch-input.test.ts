// Parsing batch uploads: CSV (header, subject columns, lists, numbers, quoting) and JSON lines; malformed input is
// INVALID_ARGUMENT naming the line, without quoting values.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ErrorCodes, MedtrustError } from '@medtrust/core';
import { parseBatch, parseCsvRecords, subjectFieldKinds } from '../../src/issuance/index.ts';

function invalidAt(fn: () => unknown, line: number, format: 'CSV' | 'JSON' = 'CSV'): MedtrustError {
  try {
    fn();
  } catch (error) {
    assert.ok(error instanceof MedtrustError, String(error));
    assert.equal(error.code, ErrorCodes.INVALID_ARGUMENT);
    assert.match(error.message, new RegExp(`^${format} line ${line}:`), error.message);
    return error;
  }
  assert.fail('expected INVALID_ARGUMENT');
}

describe('parseBatch (CSV)', () => {
  it('maps columns to subject fields, splits list fields, keeps line numbers as rows', () => {
    const csv = [
      'credentialSubject.id,name,licenseNumber,jurisdiction,specialty,scopeOfPractice,validFrom,validUntil,expirationDate',
      'did:example:1,"Carvalho, Inês",PT-1,PT,Dermatology,Aesthetic surgery; Injections ,2024-01-15,2029-01-14,2029-01-15T00:00:00Z',
      '',
      'did:example:2,"Say ""hi""",PT-2,PT,"Plastic',
      'surgery",Surgery,2024-01-15,2029-01-14,',
      'did:example:3,Ana,PT-3,PT,Dermatology,,2024-01-15,2029-01-14,',
    ].join('\r\n');
    const items = parseBatch('csv', csv, { credentialType: 'MedicalLicenseCredential' });
    assert.deepEqual(items, [
      {
        row: 2,
        expirationDate: '2029-01-15T00:00:00Z',
        credentialSubject: {
          id: 'did:example:1',
          name: 'Carvalho, Inês',
          licenseNumber: 'PT-1',
          jurisdiction: 'PT',
          specialty: 'Dermatology',
          scopeOfPractice: ['Aesthetic surgery', 'Injections'],
          validFrom: '2024-01-15',
          validUntil: '2029-01-14',
        },
      },
      {
        row: 4,
        credentialSubject: {
          id: 'did:example:2',
          name: 'Say "hi"',
          licenseNumber: 'PT-2',
          jurisdiction: 'PT',
          specialty: 'Plastic\r\nsurgery',
          scopeOfPractice: ['Surgery'],
          validFrom: '2024-01-15',
          validUntil: '2029-01-14',
        },
      },
      {
        row: 6, // the quoted line break above made record 3 span lines 4-5
        credentialSubject: {
          id: 'did:example:3',
          name: 'Ana',
          licenseNumber: 'PT-3',
          jurisdiction: 'PT',
          specialty: 'Dermatology',
          validFrom: '2024-01-15',
          validUntil: '2029-01-14',
        },
      },
    ]);
  });

  it('converts integer fields of the schema, arrayFields on request, and nests dotted columns', () => {
    const items = parseBatch('csv', 'rating,text,tags,address.city\n5,great,a;b,Lisbon\nfive,ok,,\n', {
      credentialType: 'ReviewCredential',
      arrayFields: ['tags'],
    });
    assert.deepEqual(items, [
      {
        row: 2,
        credentialSubject: { rating: 5, text: 'great', tags: ['a', 'b'], address: { city: 'Lisbon' } },
      },
      { row: 3, credentialSubject: { rating: 'five', text: 'ok' } }, // left for the schema to refuse
    ]);
    assert.equal(subjectFieldKinds('MedicalLicenseCredential').get('scopeOfPractice'), 'array');
    assert.equal(subjectFieldKinds('DrugBatchCredential').get('quantity'), 'integer');
    assert.equal(subjectFieldKinds('CustodyTransferCredential').get('previousTransfer'), 'string');
  });

  it('names the line of a malformed record, never its values', () => {
    const header = 'name,licenseNumber';
    const error = invalidAt(() => parseBatch('csv', `${header}\nA,1\nB,2,secret-value\n`), 3);
    assert.equal(error.message.includes('secret-value'), false);
    invalidAt(() => parseBatch('csv', `${header}\nA,1\nB\n`), 3);
    invalidAt(() => parseBatch('csv', `${header}\nA,1\n\nB,"unterminated\nmore\n`), 4);
    invalidAt(() => parseBatch('csv', `${header}\nA,1\nB,x"y\n`), 3);
    invalidAt(() => parseBatch('csv', `${header}\nA,"1"x\n`), 2);
    invalidAt(() => parseBatch('csv', 'name,,x\nA,1,2\n'), 1);
    invalidAt(() => parseBatch('csv', 'name,credentialSubject.name\nA,B\n'), 1);
    invalidAt(() => parseBatch('csv', '__proto__.x\n1\n'), 1);
    invalidAt(() => parseBatch('csv', ''), 1);
    assert.throws(() => parseBatch('csv', 'name\n'), { code: ErrorCodes.INVALID_ARGUMENT });
    invalidAt(() => parseBatch('csv', 'name\nA\nB\nC\n', { maxItems: 2 }), 4);
  });

  it('splits RFC 4180 records (BOM, CRLF, trailing comma)', () => {
    assert.deepEqual(parseCsvRecords('\ufeffa,b\r\n1,\r\n'), [
      { line: 1, fields: ['a', 'b'] },
      { line: 2, fields: ['1', ''] },
    ]);
    assert.deepEqual(parseCsvRecords('a,b\n1,'), [
      { line: 1, fields: ['a', 'b'] },
      { line: 2, fields: ['1', ''] },
    ]);
  });
});

describe('parseBatch (JSON lines)', () => {
  it('reads one item per non-blank line, the line number as row', () => {
    const text = [
      JSON.stringify({ credentialSubject: { name: 'A' }, expirationDate: '2030-01-01T00:00:00Z' }),
      '',
      JSON.stringify({ credentialSubject: { name: 'B', scopeOfPractice: ['x'] } }) + '\r',
    ].join('\n');
    assert.deepEqual(parseBatch('jsonl', text), [
      { row: 1, credentialSubject: { name: 'A' }, expirationDate: '2030-01-01T00:00:00Z' },
      { row: 3, credentialSubject: { name: 'B', scopeOfPractice: ['x'] } },
    ]);
  });

  it('names the line of a malformed item, never its values', () => {
    const good = JSON.stringify({ credentialSubject: { a: 1 } });
    const error = invalidAt(
      () => parseBatch('jsonl', `${good}\n{"credentialSubject": secret-value}\n`),
      2,
      'JSON',
    );
    assert.equal(error.message.includes('secret-value'), false);
    invalidAt(() => parseBatch('jsonl', `${good}\n${good}\n[1]\n`), 3, 'JSON');
    invalidAt(() => parseBatch('jsonl', `{"credentialSubject": "x"}\n`), 1, 'JSON');
    invalidAt(
      () => parseBatch('jsonl', `${good}\n{"credentialSubject": {}, "issuer": "did:x:y"}\n`),
      2,
      'JSON',
    );
    invalidAt(() => parseBatch('jsonl', `{"credentialSubject": {}, "expirationDate": 5}\n`), 1, 'JSON');
    assert.throws(() => parseBatch('jsonl', '\n\n'), { code: ErrorCodes.INVALID_ARGUMENT });
    assert.throws(() => parseBatch('xml' as 'csv', '<a/>'), { code: ErrorCodes.INVALID_ARGUMENT });
  });
});
