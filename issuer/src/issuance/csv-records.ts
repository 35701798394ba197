import { ErrorCodes, MedtrustError } from '@medtrust/core';

/** One CSV record and the (1-based) line of the input it starts on. */
export interface CsvRecord {
  line: number;
  fields: string[];
}

/**
 * Splits RFC 4180 CSV text into records: `,` separates fields, `"` quotes a field (which may then hold commas, line
 * breaks and `""` for a quote), records end with LF or CRLF, a leading byte-order mark is ignored, and blank lines
 * are skipped. Each record carries the line it starts on, so errors can name it.
 *
 * @param text - the CSV text.
 * @returns the records in order (the header too, if any).
 * @throws MedtrustError `INVALID_ARGUMENT` naming the line of a quote inside an unquoted field, of text after a
 *   closing quote, or of a quoted field that never ends. Messages never quote cell contents.
 */
export function parseCsvRecords(text: string): CsvRecord[] {
  const records: CsvRecord[] = [];
  const input = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const length = input.length;
  let line = 1;
  let position = 0;

  const fail = (at: number, message: string): never => {
    throw new MedtrustError(ErrorCodes.INVALID_ARGUMENT, `CSV line ${at}: ${message}`);
  };

  while (position < length) {
    const startLine = line;
    const fields: string[] = [];
    let endOfRecord = false;
    while (!endOfRecord) {
      let value: string;
      if (input[position] === '"') {
        const openedAt = line;
        position++;
        let parts = '';
        for (;;) {
          const quote = input.indexOf('"', position);
          if (quote === -1) fail(openedAt, 'a quoted field is not closed');
          const chunk = input.slice(position, quote);
          for (let i = chunk.indexOf('\n'); i !== -1; i = chunk.indexOf('\n', i + 1)) line++;
          parts += chunk;
          if (input[quote + 1] === '"') {
            parts += '"';
            position = quote + 2;
            continue;
          }
          position = quote + 1;
          break;
        }
        value = parts;
        const next = input[position];
        if (
          next !== undefined &&
          next !== ',' &&
          next !== '\n' &&
          !(next === '\r' && input[position + 1] === '\n')
        ) {
          fail(line, 'unexpected text after a closing quote');
        }
      } else {
        let end = position;
        while (end < length) {
          const c = input.charCodeAt(end);
          if (c === 44 /* , */ || c === 10 /* \n */ || (c === 13 && input.charCodeAt(end + 1) === 10)) break;
          if (c === 34 /* " */) fail(line, 'a quote inside an unquoted field (quote the whole field)');
          end++;
        }
        value = input.slice(position, end);
        position = end;
      }
      fields.push(value);
      if (position >= length) {
        endOfRecord = true;
      } else if (input[position] === ',') {
        position++;
        if (position >= length) fields.push(''); // trailing comma at end of input: an empty last field
        endOfRecord = position >= length;
      } else {
        position += input[position] === '\r' ? 2 : 1;
        line++;
        endOfRecord = true;
      }
    }
    const blank = fields.length === 1 && fields[0] === '';
    if (!blank) records.push({ line: startLine, fields });
  }
  return records;
}
