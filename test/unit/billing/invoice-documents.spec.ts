/**
 * The invoice document layer: the accountant's CSV at byte level, the JSON export, and the PDF checked through
 * poppler-utils (`pdffonts`: the Korean font is embedded; `pdftotext`: Korean text, numbers and ₩ amounts come back
 * out). The PDF tests need poppler-utils installed and FAIL without it (Debian: apt-get install -y poppler-utils).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  CSV_COLUMNS,
  FOUNDATION,
  formatQuantity,
  formatWon,
  fontPath,
  invoicesCsv,
  invoicesJson,
  renderInvoicePdf,
  type DocumentLine,
  type InvoiceDocument,
} from '../../../src/billing/invoice-documents.js';
import { isBusinessNumber, withCheckDigit } from '../../../src/organizations/business-number.js';

const SEOUL = 'Asia/Seoul';
const HEADER = 'invoiceNumber,type,issuedAt,organizationName,businessNumber,lineNo,description,quantity,unit,unitPrice,amount,taxable,supplyAmount,vat,total';
const TRICKY = 'Data logger "DAQ-8", rental\nday 2';

const ORG = { name: '달성오토파츠 (demo)', businessNumber: withCheckDigit('999810003'), billingEmail: 'billing@dalseong-demo.example' };

/**
 * Taxable supply 960,000 + 150,000 − 288,000 (funding) = 822,000; non-taxable 100,000 → supply 922,000;
 * VAT 10 % of 822,000 = 82,200; total 1,004,200. Issued 2026-03-31T15:30Z = 2026-04-01 00:30 in Seoul.
 */
const LINES: DocumentLine[] = [
  { description: 'ITS 고속주회로 / ITS high-speed circuit, 2026-03-02 09:00–11:30, 2 vehicles', quantity: 2.5, unit: 'hour', unitPrice: 192000, amount: 960000, taxable: true },
  { description: TRICKY, quantity: 1, unit: 'day', unitPrice: 150000, amount: 150000, taxable: true },
  { description: '취소 수수료 50% (cancellation fee)', quantity: 1, unit: 'each', unitPrice: 100000, amount: 100000, taxable: false },
  { description: 'Future Industry Test Subsidy 30%', quantity: 1, unit: 'each', unitPrice: -288000, amount: -288000, taxable: true },
];

const INVOICE: InvoiceDocument = {
  number: 'DPG-2026-000001',
  type: 'invoice',
  status: 'issued',
  period: '2026-03',
  issuedAt: new Date('2026-03-31T15:30:00Z'),
  organization: ORG,
  lines: LINES,
  supplyAmount: 922000,
  vat: 82200,
  total: 1004200,
};

const CREDIT_NOTE: InvoiceDocument = {
  ...INVOICE,
  number: 'DPG-2026-000002',
  type: 'credit_note',
  issuedAt: new Date('2026-04-10T01:00:00Z'),
  creditedInvoiceNumber: 'DPG-2026-000001',
  lines: LINES.map((line) => ({ ...line, unitPrice: -line.unitPrice, amount: -line.amount })),
  supplyAmount: -922000,
  vat: -82200,
  total: -1004200,
};

const DRAFT: InvoiceDocument = { ...INVOICE, number: null, status: 'draft', issuedAt: null };

/** A minimal RFC 4180 reader (quoted fields may hold commas, doubled quotes and line breaks). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let i = 0;
  let quoted = false;
  while (i < text.length) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (field += '"'), (i += 2);
      else if (c === '"') (quoted = false), i++;
      else (field += c), i++;
    } else if (c === '"' && field === '') (quoted = true), i++;
    else if (c === ',') row.push(field), (field = ''), i++;
    else if (c === '\r' && text[i + 1] === '\n') row.push(field), rows.push(row), (row = []), (field = ''), (i += 2);
    else if (c === '\r' || c === '\n') throw new Error(`bare line break outside quotes at ${i}`);
    else (field += c), i++;
  }
  if (field !== '' || row.length > 0) throw new Error('last record not terminated by CRLF');
  return rows;
}

describe('formatting', () => {
  it('formats won with thousands separators and a leading minus', () => {
    expect(formatWon(0)).toBe('₩0');
    expect(formatWon(999)).toBe('₩999');
    expect(formatWon(1000)).toBe('₩1,000');
    expect(formatWon(1234000)).toBe('₩1,234,000');
    expect(formatWon(-1234)).toBe('-₩1,234');
    expect(formatWon(Number.MAX_SAFE_INTEGER)).toBe('₩9,007,199,254,740,991');
    expect(() => formatWon(1.5)).toThrow(RangeError);
  });

  it('formats quantities with their decimals', () => {
    expect(formatQuantity(1.5)).toBe('1.5');
    expect(formatQuantity(2)).toBe('2');
    expect(formatQuantity(1200.25)).toBe('1,200.25');
    expect(formatQuantity(-3)).toBe('-3');
  });

  it('has a demo issuer with a valid business number', () => {
    expect(FOUNDATION.name).toBe('(재)지능형자동차부품진흥원');
    expect(isBusinessNumber(FOUNDATION.businessNumber)).toBe(true);
    expect(FOUNDATION.address).toContain('달성군 구지면');
  });

  it('resolves the Noto Sans KR font file from the npm package', () => {
    expect(fontPath('400Regular/NotoSansKR_400Regular.ttf')).toMatch(/@expo-google-fonts\/noto-sans-kr\/400Regular\/NotoSansKR_400Regular\.ttf$/);
  });
});

describe('invoicesCsv', () => {
  const csv = invoicesCsv([INVOICE, CREDIT_NOTE], SEOUL);
  const text = csv.subarray(3).toString('utf8');
  const rows = parseCsv(text);

  it('starts with the UTF-8 BOM, once', () => {
    expect([...csv.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(text.charCodeAt(0)).not.toBe(0xfeff);
  });

  it('has exactly the api.md header row, CRLF-terminated', () => {
    expect(text.startsWith(`${HEADER}\r\n`)).toBe(true);
    expect(CSV_COLUMNS.join(',')).toBe(HEADER);
  });

  it('ends every record with CRLF and has no bare line break outside quoted fields', () => {
    expect(text.endsWith('\r\n')).toBe(true);
    // parseCsv throws on a bare CR or LF outside quotes; the only LF in the file is inside the quoted description.
    expect(rows.length).toBe(1 + LINES.length * 2);
    expect(text.replace(/\r\n/g, '').split('\n').length - 1).toBe(2); // TRICKY's own LF, on two rows
  });

  it('writes one row per line, all 15 columns, lineNo from 1', () => {
    for (const row of rows) expect(row).toHaveLength(15);
    expect(rows.slice(1).map((row) => row[5])).toEqual(['1', '2', '3', '4', '1', '2', '3', '4']);
  });

  it('quotes a field with a comma, a quote and a newline (quotes doubled)', () => {
    expect(text).toContain('"Data logger ""DAQ-8"", rental\nday 2"');
    expect(rows[2][6]).toBe(TRICKY);
  });

  it('keeps Korean text intact in UTF-8', () => {
    expect(csv.includes(Buffer.from('달성오토파츠 (demo)', 'utf8'))).toBe(true);
    expect(csv.includes(Buffer.from('취소 수수료', 'utf8'))).toBe(true);
    expect(rows[1][3]).toBe('달성오토파츠 (demo)');
  });

  it('writes the invoice row fields: ISO UTC instant, plain numbers, true/false', () => {
    expect(rows[1]).toEqual([
      'DPG-2026-000001',
      'invoice',
      '2026-03-31T15:30:00.000Z',
      '달성오토파츠 (demo)',
      ORG.businessNumber,
      '1',
      LINES[0].description,
      '2.5',
      'hour',
      '192000',
      '960000',
      'true',
      '922000',
      '82200',
      '1004200',
    ]);
    expect(rows[3].slice(10, 12)).toEqual(['100000', 'false']);
    expect(rows[4].slice(9, 11)).toEqual(['-288000', '-288000']);
  });

  it('writes credit note rows with negative amounts and totals, not formula-escaped', () => {
    const credit = rows.filter((row) => row[1] === 'credit_note');
    expect(credit).toHaveLength(4);
    expect(credit[0]).toEqual([
      'DPG-2026-000002',
      'credit_note',
      '2026-04-10T01:00:00.000Z',
      '달성오토파츠 (demo)',
      ORG.businessNumber,
      '1',
      LINES[0].description,
      '2.5',
      'hour',
      '-192000',
      '-960000',
      'true',
      '-922000',
      '-82200',
      '-1004200',
    ]);
    expect(credit[3].slice(9, 11)).toEqual(['288000', '288000']); // the credited funding line flips to positive
    expect(text).toContain(',-960000,');
    expect(text).not.toContain("'-");
  });

  it('defuses text cells a spreadsheet would run as a formula', () => {
    const evil = { ...INVOICE, organization: { ...ORG, name: '=HYPERLINK("http://x","y")' } };
    const [, row] = parseCsv(invoicesCsv([evil], SEOUL).subarray(3).toString('utf8'));
    expect(row[3]).toBe('\'=HYPERLINK("http://x","y")');
  });

  it('gives an invoice without lines one row, and an empty export only the header', () => {
    const empty = { ...INVOICE, lines: [], supplyAmount: 0, vat: 0, total: 0 };
    const emptyRows = parseCsv(invoicesCsv([empty], SEOUL).subarray(3).toString('utf8'));
    expect(emptyRows).toEqual([HEADER.split(','), ['DPG-2026-000001', 'invoice', '2026-03-31T15:30:00.000Z', ORG.name, ORG.businessNumber, '', '', '', '', '', '', '', '0', '0', '0']]);
    expect(invoicesCsv([], SEOUL).toString('utf8')).toBe(`\ufeff${HEADER}\r\n`);
  });

  it('writes a draft without number and issue date as empty fields', () => {
    const [, row] = parseCsv(invoicesCsv([DRAFT], SEOUL).subarray(3).toString('utf8'));
    expect(row.slice(0, 3)).toEqual(['', 'invoice', '']);
  });

  it('refuses money that is not whole won and an unknown zone', () => {
    const fractional = { ...INVOICE, lines: [{ ...LINES[0], amount: 960000.5 }] };
    expect(() => invoicesCsv([fractional], SEOUL)).toThrow(RangeError);
    expect(() => invoicesCsv([INVOICE], 'Mars/Olympus')).toThrow(RangeError);
  });
});

describe('invoicesJson', () => {
  it('nests the CSV data: lines inside their invoice', () => {
    const json = invoicesJson([INVOICE, CREDIT_NOTE]);
    expect(JSON.parse(JSON.stringify(json))).toEqual(json); // plain, JSON-able
    expect(json).toEqual({
      period: '2026-03',
      invoices: [
        {
          invoiceNumber: 'DPG-2026-000001',
          type: 'invoice',
          status: 'issued',
          period: '2026-03',
          issuedAt: '2026-03-31T15:30:00.000Z',
          organization: { name: ORG.name, businessNumber: ORG.businessNumber },
          lines: LINES.map((line, i) => ({ lineNo: i + 1, ...line })),
          supplyAmount: 922000,
          vat: 82200,
          total: 1004200,
        },
        expect.objectContaining({
          invoiceNumber: 'DPG-2026-000002',
          type: 'credit_note',
          creditedInvoiceNumber: 'DPG-2026-000001',
          issuedAt: '2026-04-10T01:00:00.000Z',
          total: -1004200,
        }),
      ],
    });
    expect(json.invoices[1].lines[0]).toEqual({ lineNo: 1, ...LINES[0], unitPrice: -192000, amount: -960000 });
  });

  it('takes the period given, else the common one, else none', () => {
    expect(invoicesJson([], '2026-05')).toEqual({ period: '2026-05', invoices: [] });
    expect(invoicesJson([])).toEqual({ invoices: [] });
    expect(invoicesJson([INVOICE, { ...INVOICE, period: '2026-04' }])).not.toHaveProperty('period');
    expect(invoicesJson([DRAFT]).invoices[0]).toMatchObject({ invoiceNumber: null, issuedAt: null, status: 'draft' });
  });
});

describe('renderInvoicePdf', () => {
  let dir: string;
  let count = 0;

  beforeAll(() => {
    for (const tool of ['pdftotext', 'pdffonts', 'pdfinfo']) {
      try {
        execFileSync(tool, ['-v'], { stdio: 'pipe' });
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
          throw new Error(`${tool} not found: the PDF tests need poppler-utils (Debian/Ubuntu: apt-get install -y poppler-utils)`);
        }
        // Older poppler tools print their version and exit non-zero: present.
      }
    }
    dir = mkdtempSync(path.join(os.tmpdir(), 'invoice-pdf-'));
  });

  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const toFile = (pdf: Buffer): string => {
    const file = path.join(dir, `doc-${++count}.pdf`);
    writeFileSync(file, pdf);
    return file;
  };
  const pdftotext = (file: string, ...args: string[]) => execFileSync('pdftotext', [...args, '-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
  const pages = (file: string) => Number(/^Pages:\s+(\d+)/m.exec(execFileSync('pdfinfo', [file], { encoding: 'utf8' }))?.[1]);

  it('is an A4 PDF with Noto Sans KR embedded (a subset) and no other font', async () => {
    const pdf = await renderInvoicePdf(INVOICE, SEOUL);
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdf.length).toBeLessThan(200_000); // subset, not the 6 MB font
    const file = toFile(pdf);
    expect(execFileSync('pdfinfo', [file], { encoding: 'utf8' })).toMatch(/Page size:\s+595\.28 x 841\.89 pts \(A4\)/);
    const fonts = execFileSync('pdffonts', [file], { encoding: 'utf8' }).trim().split('\n').slice(2);
    expect(fonts.length).toBeGreaterThan(0);
    for (const line of fonts) {
      const cols = line.trim().split(/\s+/);
      const [name, emb] = [cols[0], cols[cols.length - 5]];
      expect(name).toMatch(/^[A-Z]{6}\+NotoSansKR-(Regular|Bold)$/);
      expect(emb).toBe('yes');
    }
  });

  it('renders the Korean text, parties, number, local issue date, lines and ₩ amounts', async () => {
    const text = pdftotext(toFile(await renderInvoicePdf(INVOICE, SEOUL)));
    for (const expected of [
      '청구서',
      'INVOICE',
      'DPG-2026-000001',
      '2026-03',
      '2026-04-01', // 2026-03-31T15:30Z in Asia/Seoul
      FOUNDATION.name,
      FOUNDATION.businessNumber,
      '달성오토파츠 (demo)',
      ORG.businessNumber,
      ORG.billingEmail,
      '사업자등록번호',
      'ITS 고속주회로',
      '취소 수수료 50%',
      '₩192,000',
      '₩960,000',
      '-₩288,000',
      '₩922,000',
      '₩82,200',
      '₩1,004,200',
      '공급가액',
      '부가세',
      '합계',
      '과세',
      '면세',
      '2.5',
    ]) {
      expect(text).toContain(expected);
    }
    expect(text).not.toContain('DRAFT');
  });

  it('takes the issue date in the zone it is given', async () => {
    expect(pdftotext(toFile(await renderInvoicePdf(INVOICE, 'UTC')))).toContain('2026-03-31');
  });

  it('renders a credit note naming the credited invoice, with negative amounts', async () => {
    const text = pdftotext(toFile(await renderInvoicePdf(CREDIT_NOTE, SEOUL)));
    for (const expected of ['크레딧 노트', 'CREDIT NOTE', 'DPG-2026-000002', 'DPG-2026-000001', '-₩960,000', '₩288,000', '-₩1,004,200']) {
      expect(text).toContain(expected);
    }
    expect(text).not.toContain('청구서 / INVOICE');
  });

  it('says DRAFT for an invoice without a number', async () => {
    const text = pdftotext(toFile(await renderInvoicePdf(DRAFT, SEOUL)));
    expect(text).toContain('DRAFT');
    expect(text).toContain('초안');
  });

  it('is deterministic: the same invoice gives the same bytes', async () => {
    const [a, b] = [await renderInvoicePdf(INVOICE, SEOUL), await renderInvoicePdf(INVOICE, SEOUL)];
    expect(a.equals(b)).toBe(true);
    const [c, d] = [await renderInvoicePdf(DRAFT, SEOUL), await renderInvoicePdf(DRAFT, SEOUL)];
    expect(c.equals(d)).toBe(true);
  });

  it('wraps long descriptions and continues many lines on new pages with the table header repeated', async () => {
    const long = `장기 내구 시험 패키지 (long-run durability package): ${'벨지언로 염수분무로 침수로 빨래판로 장파형로 '.repeat(6)}END-OF-LONG`;
    const lines: DocumentLine[] = Array.from({ length: 70 }, (_, i) => ({
      description: i === 5 ? long : `범용로 General-purpose road, run ${i + 1}`,
      quantity: 1,
      unit: 'hour',
      unitPrice: 60000,
      amount: 60000,
      taxable: true,
    }));
    const big: InvoiceDocument = { ...INVOICE, lines, supplyAmount: 4_200_000, vat: 420_000, total: 4_620_000 };
    const file = toFile(await renderInvoicePdf(big, SEOUL));
    const n = pages(file);
    expect(n).toBeGreaterThanOrEqual(2);

    const first = pdftotext(file, '-f', '1', '-l', '1', '-layout');
    const headLine = first.split('\n').findIndex((l) => l.includes('장기 내구 시험 패키지'));
    const tailLine = first.split('\n').findIndex((l) => l.includes('END-OF-LONG'));
    expect(headLine).toBeGreaterThanOrEqual(0);
    expect(tailLine).toBeGreaterThan(headLine); // wrapped within its cell, onto later text lines

    for (let p = 2; p <= n; p++) {
      const page = pdftotext(file, '-f', String(p), '-l', String(p));
      expect(page).toContain('내역');
      expect(page).toContain('Description');
      expect(page).toContain('계속');
      expect(page).toMatch(new RegExp(`${p}\\s*/\\s*${n}`)); // the page footer
    }
    const all = pdftotext(file);
    expect(all).toContain('run 70');
    expect(all).toContain('₩4,620,000');
    expect(pdftotext(file, '-f', String(n), '-l', String(n))).toContain('합계');
  });
});
