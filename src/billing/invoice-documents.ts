/**
 * The document layer of invoices (product.md, "Billing" → Exports; api.md, "Billing"): the accountant's CSV, the
 * JSON export and one PDF per invoice. Pure: no database, no Nest, no process time zone — callers map their entities
 * to `InvoiceDocument` and pass the facility zone.
 *
 * Values are written as they are given. Money is whole won (safe integers, checked); a credit note is expected to
 * carry its own (negative) line amounts and totals, this layer does not negate anything.
 *
 * - CSV: UTF-8 with a BOM, RFC 4180 (CRLF, fields with a comma, a quote, CR or LF quoted, quotes doubled), the
 *   header row of api.md, one row per invoice line. Instants are ISO 8601 UTC ('…Z'), booleans `true`/`false`,
 *   numbers plain (no grouping, no exponent). Text cells that a spreadsheet would run as a formula (starting with
 *   `=`, `+`, `-`, `@`, TAB, CR) get a leading `'` (OWASP "CSV injection"); numeric cells never do.
 * - JSON: the same data, lines nested in their invoice.
 * - PDF: A4, pdfkit, Noto Sans KR (OFL, from the npm package @expo-google-fonts/noto-sans-kr) embedded as a subset so
 *   Korean renders anywhere; deterministic bytes for the same input (fixed CreationDate, hence a fixed file ID).
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { stringify } from 'csv-stringify/sync';
import PDFDocument from 'pdfkit';
import { localDate } from '../segments/local-time.js';

// ---------------------------------------------------------------------------------------------------------------
// Types and issuer
// ---------------------------------------------------------------------------------------------------------------

export interface DocumentLine {
  description: string;
  quantity: number;
  unit: string;
  unitPrice: number;
  amount: number;
  taxable: boolean;
}

export interface InvoiceDocument {
  /** `DPG-YYYY-NNNNNN` once issued; null for a draft. */
  number: string | null;
  type: 'invoice' | 'credit_note';
  status: string;
  period: string /* YYYY-MM */;
  issuedAt: Date | null;
  /** For a credit note: the number of the invoice it credits. */
  creditedInvoiceNumber?: string | null;
  organization: { name: string; businessNumber: string; billingEmail: string };
  lines: DocumentLine[];
  supplyAmount: number;
  vat: number;
  total: number;
}

/**
 * The issuer printed on every invoice: the foundation that runs the Daegu proving ground (facility.md).
 * DEMO FIGURES: the business registration number (valid check digit, 999-80 demo range like the seed's
 * organizations), the e-mail address and the level of detail of the address are invented for the demo, not the
 * operator's real data.
 */
export const FOUNDATION: { name: string; nameEn: string; businessNumber: string; address: string; email: string } = {
  name: '(재)지능형자동차부품진흥원',
  nameEn: 'Korea Intelligent Automotive Parts Promotion Institute',
  businessNumber: '999-80-00018',
  address: '대구광역시 달성군 구지면 대구주행시험장 (Daegu Proving Ground, Guji-myeon, Dalseong-gun, Daegu)',
  email: 'billing@kiapi-demo.example',
};

// ---------------------------------------------------------------------------------------------------------------
// CSV and JSON exports
// ---------------------------------------------------------------------------------------------------------------

/** The CSV columns, in order (api.md, "Billing"). */
export const CSV_COLUMNS = [
  'invoiceNumber',
  'type',
  'issuedAt',
  'organizationName',
  'businessNumber',
  'lineNo',
  'description',
  'quantity',
  'unit',
  'unitPrice',
  'amount',
  'taxable',
  'supplyAmount',
  'vat',
  'total',
] as const;

type CsvRecord = Record<(typeof CSV_COLUMNS)[number], string | number | boolean | Date | null>;

/**
 * The accountant's CSV of `invoices` (in the given order), one row per line, lineNo from 1. An invoice without lines
 * still gets one row (empty line columns) so that no number goes missing from the export.
 *
 * `zone` is the facility zone. The CSV itself writes instants in UTC and does not depend on it; it is validated
 * (RangeError for an unknown zone) so that all three document functions take and check the same arguments.
 */
export function invoicesCsv(invoices: InvoiceDocument[], zone: string): Buffer {
  assertZone(zone);
  const records: CsvRecord[] = [];
  for (const invoice of invoices) {
    assertMoneyOf(invoice);
    const common = {
      invoiceNumber: invoice.number,
      type: invoice.type,
      issuedAt: invoice.issuedAt,
      organizationName: invoice.organization.name,
      businessNumber: invoice.organization.businessNumber,
    };
    const totals = { supplyAmount: invoice.supplyAmount, vat: invoice.vat, total: invoice.total };
    if (invoice.lines.length === 0) {
      records.push({ ...common, lineNo: null, description: null, quantity: null, unit: null, unitPrice: null, amount: null, taxable: null, ...totals });
    }
    invoice.lines.forEach((line, i) => {
      records.push({
        ...common,
        lineNo: i + 1,
        description: line.description,
        quantity: line.quantity,
        unit: line.unit,
        unitPrice: line.unitPrice,
        amount: line.amount,
        taxable: line.taxable,
        ...totals,
      });
    });
  }
  const text = stringify(records, {
    bom: true,
    header: true,
    columns: [...CSV_COLUMNS],
    record_delimiter: 'windows',
    escape_formulas: true,
    cast: {
      boolean: (value) => (value ? 'true' : 'false'),
      number: plainNumber,
      date: (value) => isoUtc(value),
    },
  });
  return Buffer.from(text, 'utf8');
}

/** One invoice in the JSON export. */
export interface InvoiceJson {
  invoiceNumber: string | null;
  type: 'invoice' | 'credit_note';
  status: string;
  period: string;
  issuedAt: string | null;
  creditedInvoiceNumber?: string | null;
  organization: { name: string; businessNumber: string };
  lines: { lineNo: number; description: string; quantity: number; unit: string; unitPrice: number; amount: number; taxable: boolean }[];
  supplyAmount: number;
  vat: number;
  total: number;
}

/**
 * The JSON export: `{ period?, invoices }` with the CSV's data nested (lines inside their invoice, lineNo from 1,
 * `issuedAt` ISO 8601 UTC or null). `period` is the one given, else the invoices' common period, else absent.
 */
export function invoicesJson(invoices: InvoiceDocument[], period?: string): { period?: string; invoices: InvoiceJson[] } {
  const periods = new Set(invoices.map((invoice) => invoice.period));
  const commonPeriod = period ?? (periods.size === 1 ? [...periods][0] : undefined);
  return {
    ...(commonPeriod === undefined ? {} : { period: commonPeriod }),
    invoices: invoices.map((invoice) => {
      assertMoneyOf(invoice);
      return {
        invoiceNumber: invoice.number,
        type: invoice.type,
        status: invoice.status,
        period: invoice.period,
        issuedAt: invoice.issuedAt === null ? null : isoUtc(invoice.issuedAt),
        ...(invoice.type === 'credit_note' || invoice.creditedInvoiceNumber != null
          ? { creditedInvoiceNumber: invoice.creditedInvoiceNumber ?? null }
          : {}),
        organization: { name: invoice.organization.name, businessNumber: invoice.organization.businessNumber },
        lines: invoice.lines.map((line, i) => ({
          lineNo: i + 1,
          description: line.description,
          quantity: line.quantity,
          unit: line.unit,
          unitPrice: line.unitPrice,
          amount: line.amount,
          taxable: line.taxable,
        })),
        supplyAmount: invoice.supplyAmount,
        vat: invoice.vat,
        total: invoice.total,
      };
    }),
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Formatting
// ---------------------------------------------------------------------------------------------------------------

/** Whole won with thousands separators: 1234000 → '₩1,234,000', -1234 → '-₩1,234'. */
export function formatWon(amount: number): string {
  assertMoney(amount, 'amount');
  const digits = groupThousands(String(Math.abs(amount)));
  return `${amount < 0 ? '-' : ''}₩${digits}`;
}

/** A quantity with thousands separators and its decimals as they are: 1.5 → '1.5', 1200 → '1,200'. */
export function formatQuantity(quantity: number): string {
  const text = plainNumber(quantity);
  const negative = text.startsWith('-');
  const [whole, fraction] = (negative ? text.slice(1) : text).split('.');
  return `${negative ? '-' : ''}${groupThousands(whole)}${fraction === undefined ? '' : `.${fraction}`}`;
}

function groupThousands(digits: string): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** A finite number as plain decimal text: no exponent, no grouping (1e21 → '1000000000000000000000'). */
function plainNumber(value: number): string {
  if (!Number.isFinite(value)) throw new RangeError(`Not a finite number: ${value}`);
  const text = String(value);
  if (!/e/i.test(text)) return text;
  // Only very small or very large magnitudes reach here; toFixed(20) is exact enough for a quantity or sum in won.
  return Math.abs(value) >= 1 ? BigInt(value).toString() : value.toFixed(20).replace(/\.?0+$/, '');
}

function isoUtc(instant: Date): string {
  if (Number.isNaN(instant.getTime())) throw new RangeError('Invalid issuedAt date');
  return instant.toISOString();
}

function assertMoney(value: number, what: string): void {
  if (!Number.isSafeInteger(value)) throw new RangeError(`${what} must be whole won (a safe integer), got ${value}`);
}

function assertMoneyOf(invoice: InvoiceDocument): void {
  const at = invoice.number ?? `draft ${invoice.organization.name} ${invoice.period}`;
  assertMoney(invoice.supplyAmount, `${at}: supplyAmount`);
  assertMoney(invoice.vat, `${at}: vat`);
  assertMoney(invoice.total, `${at}: total`);
  invoice.lines.forEach((line, i) => {
    assertMoney(line.unitPrice, `${at} line ${i + 1}: unitPrice`);
    assertMoney(line.amount, `${at} line ${i + 1}: amount`);
    if (!Number.isFinite(line.quantity)) throw new RangeError(`${at} line ${i + 1}: quantity must be finite`);
  });
}

function assertZone(zone: string): void {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
  } catch {
    throw new RangeError(`Unknown time zone "${zone}"`);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// PDF
// ---------------------------------------------------------------------------------------------------------------

const FONT_PACKAGE = '@expo-google-fonts/noto-sans-kr';
const FONT_FILES = { regular: '400Regular/NotoSansKR_400Regular.ttf', bold: '700Bold/NotoSansKR_700Bold.ttf' } as const;

/**
 * The absolute path of a font file of the package. It has no "exports" map today, so the file resolves directly;
 * should a later version add one that hides the .ttf, fall back to the package's entry point (index.js at its root).
 * `createRequire(import.meta.url)` resolves from this file, i.e. from src/ under Jest and from dist/ when built.
 */
export function fontPath(file: string): string {
  const require = createRequire(import.meta.url);
  try {
    return require.resolve(`${FONT_PACKAGE}/${file}`);
  } catch (error) {
    if ((error as { code?: string }).code !== 'ERR_PACKAGE_PATH_NOT_EXPORTED') throw error;
    return path.join(path.dirname(require.resolve(FONT_PACKAGE)), file);
  }
}

/** The font files are ~6 MB each: read once per process, embedded (subset) per document. */
let fonts: Promise<{ regular: Buffer; bold: Buffer }> | undefined;
function loadFonts(): Promise<{ regular: Buffer; bold: Buffer }> {
  fonts ??= Promise.all([readFile(fontPath(FONT_FILES.regular)), readFile(fontPath(FONT_FILES.bold))]).then(
    ([regular, bold]) => ({ regular, bold }),
    (error: unknown) => {
      fonts = undefined;
      throw error;
    },
  );
  return fonts;
}

const PAGE_MARGIN = 50;
const FOOTER_SPACE = 28;
const CELL_PAD = 4;
const GRAY = '#666666';
const RULE = '#bbbbbb';
const HEADER_FILL = '#eeeeee';

const STATUS_LABELS: Record<string, string> = {
  draft: '초안 Draft',
  issued: '발행 Issued',
  paid: '결제 완료 Paid',
  void: '무효 Void',
};

interface Column {
  key: 'no' | 'description' | 'quantity' | 'unit' | 'unitPrice' | 'amount' | 'tax';
  ko: string;
  en: string;
  width: number;
  align: 'left' | 'right' | 'center';
}

/** Widths sum to the A4 content width (595.28 − 2 × 50 ≈ 495). */
const COLUMNS: Column[] = [
  { key: 'no', ko: '번호', en: 'No.', width: 26, align: 'right' },
  { key: 'description', ko: '내역', en: 'Description', width: 185, align: 'left' },
  { key: 'quantity', ko: '수량', en: 'Qty', width: 44, align: 'right' },
  { key: 'unit', ko: '단위', en: 'Unit', width: 38, align: 'left' },
  { key: 'unitPrice', ko: '단가', en: 'Unit price', width: 78, align: 'right' },
  { key: 'amount', ko: '금액', en: 'Amount', width: 84, align: 'right' },
  { key: 'tax', ko: '과세', en: 'VAT', width: 40, align: 'center' },
];

/**
 * One invoice (or credit note) as an A4 PDF. The issue date is the local date in `zone` (the facility's). A draft
 * (no number) says DRAFT in place of the number and carries a faint DRAFT watermark; a void one says VOID.
 * Same input → same bytes: CreationDate is `issuedAt`, or for a draft the first day of its period (UTC).
 */
export async function renderInvoicePdf(doc: InvoiceDocument, zone: string): Promise<Buffer> {
  assertZone(zone);
  assertMoneyOf(doc);
  const { regular, bold } = await loadFonts();
  const creditNote = doc.type === 'credit_note';
  const title = creditNote ? { ko: '크레딧 노트', en: 'CREDIT NOTE' } : { ko: '청구서', en: 'INVOICE' };
  const number = doc.number ?? 'DRAFT';
  const issueDate = doc.issuedAt === null ? '—' : localDate(doc.issuedAt, zone);
  const creationDate = doc.issuedAt ?? periodStartUtc(doc.period);

  const pdf = new PDFDocument({
    size: 'A4',
    margin: PAGE_MARGIN,
    bufferPages: true,
    lang: 'ko-KR',
    displayTitle: true,
    info: {
      Title: `${title.ko} ${title.en} ${number}`,
      Author: FOUNDATION.name,
      Subject: `${doc.organization.name} ${doc.period}`,
      Creator: 'Daegu Proving Ground booking',
      Producer: 'PDFKit',
      CreationDate: creationDate,
    },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    pdf.on('data', (chunk: Buffer) => chunks.push(chunk));
    pdf.on('end', () => resolve(Buffer.concat(chunks)));
    pdf.on('error', reject);
  });
  pdf.registerFont('regular', regular);
  pdf.registerFont('bold', bold);

  const left = PAGE_MARGIN;
  const width = pdf.page.width - 2 * PAGE_MARGIN;
  const right = left + width;
  const bottom = () => pdf.page.height - PAGE_MARGIN - FOOTER_SPACE;

  // --- Title and meta ------------------------------------------------------------------------------------------
  let y = PAGE_MARGIN;
  const metaLabelW = 105;
  const metaValueW = 115;
  const metaX = right - metaLabelW - metaValueW;
  const titleW = metaX - left - 15;
  const titleText = `${title.ko} / ${title.en}`;
  pdf.font('bold').fontSize(22);
  pdf.fontSize(Math.min(22, (22 * titleW) / pdf.widthOfString(titleText))); // one line, shrunk to fit if need be
  pdf.fillColor('black').text(titleText, left, y, { width: titleW, lineBreak: false });
  pdf.moveDown(0.2);
  pdf.font('regular').fontSize(9).fillColor(GRAY);
  pdf.text(`${FOUNDATION.name}\n대구주행시험장 Daegu Proving Ground`, left, pdf.y + 2, { width: titleW });

  const meta: [string, string][] = [
    ['번호 No.', number],
    ['청구 기간 Period', doc.period],
    ['발행일 Issue date', issueDate],
    ['상태 Status', STATUS_LABELS[doc.status] ?? doc.status],
  ];
  if (creditNote) meta.push(['원 청구서 Credited invoice', doc.creditedInvoiceNumber ?? '—']);
  let metaY = y;
  for (const [label, value] of meta) {
    pdf.font('regular').fontSize(8.5).fillColor(GRAY).text(label, metaX, metaY + 1, { width: metaLabelW, lineBreak: false });
    pdf.font('bold').fontSize(10).fillColor('black').text(value, metaX + metaLabelW, metaY, { width: metaValueW, align: 'right', lineBreak: false });
    metaY += 15;
  }
  y = Math.max(pdf.y, metaY) + 18;

  // --- Parties -------------------------------------------------------------------------------------------------
  const gap = 15;
  const boxW = (width - gap) / 2;
  const supplier: [string, string][] = [
    ['', FOUNDATION.nameEn],
    ['사업자등록번호', FOUNDATION.businessNumber],
    ['주소', FOUNDATION.address],
    ['E-mail', FOUNDATION.email],
  ];
  const customer: [string, string][] = [
    ['사업자등록번호', doc.organization.businessNumber],
    ['청구 이메일', doc.organization.billingEmail],
  ];
  const h1 = partyBox(pdf, left, y, boxW, '공급자 Supplier', FOUNDATION.name, supplier, false);
  const h2 = partyBox(pdf, left + boxW + gap, y, boxW, '공급받는자 Customer', doc.organization.name, customer, false);
  const boxH = Math.max(h1, h2);
  partyBox(pdf, left, y, boxW, '공급자 Supplier', FOUNDATION.name, supplier, true, boxH);
  partyBox(pdf, left + boxW + gap, y, boxW, '공급받는자 Customer', doc.organization.name, customer, true, boxH);
  y += boxH + 14;

  if (creditNote) {
    const credited = doc.creditedInvoiceNumber ?? '—';
    pdf.font('regular').fontSize(9).fillColor('black');
    const note = `이 크레딧 노트는 청구서 ${credited}의 금액을 취소합니다. This credit note credits invoice ${credited}.`;
    pdf.text(note, left, y, { width });
    y = pdf.y + 10;
  }

  // --- Lines ---------------------------------------------------------------------------------------------------
  const tableHeader = (top: number): number => {
    const h = 26;
    pdf.rect(left, top, width, h).fill(HEADER_FILL);
    let x = left;
    for (const column of COLUMNS) {
      pdf.font('bold').fontSize(8).fillColor('black');
      pdf.text(column.ko, x + CELL_PAD, top + 3, { width: column.width - 2 * CELL_PAD, align: column.align, lineBreak: false });
      pdf.font('regular').fontSize(7).fillColor(GRAY);
      pdf.text(column.en, x + CELL_PAD, top + 14, { width: column.width - 2 * CELL_PAD, align: column.align, lineBreak: false });
      x += column.width;
    }
    pdf.moveTo(left, top + h).lineTo(right, top + h).lineWidth(0.8).strokeColor('black').stroke();
    return top + h;
  };
  const newPage = (): number => {
    pdf.addPage();
    pdf.font('regular').fontSize(9).fillColor(GRAY);
    pdf.text(`${title.ko} / ${title.en} ${number} — ${doc.organization.name} (계속 continued)`, left, PAGE_MARGIN, { width, lineBreak: false });
    return tableHeader(PAGE_MARGIN + 18);
  };

  y = tableHeader(y);
  const descColumn = COLUMNS[1];
  const descWidth = descColumn.width - 2 * CELL_PAD;
  // A description longer than a whole page is cut with an ellipsis rather than spilling over the footer.
  const maxDescHeight = bottom() - (PAGE_MARGIN + 18 + 26) - 2 * CELL_PAD;
  if (doc.lines.length === 0) {
    pdf.font('regular').fontSize(9).fillColor(GRAY).text('(내역 없음 No lines)', left + CELL_PAD, y + CELL_PAD, { width, lineBreak: false });
    y += 9 + 3 * CELL_PAD;
  }
  doc.lines.forEach((line, i) => {
    pdf.font('regular').fontSize(9);
    const descHeight = Math.min(pdf.heightOfString(line.description || ' ', { width: descWidth }), maxDescHeight);
    const rowH = descHeight + 2 * CELL_PAD;
    if (y + rowH > bottom()) y = newPage();
    const cells: Record<Column['key'], string> = {
      no: String(i + 1),
      description: line.description,
      quantity: formatQuantity(line.quantity),
      unit: line.unit,
      unitPrice: formatWon(line.unitPrice),
      amount: formatWon(line.amount),
      tax: line.taxable ? '과세' : '면세',
    };
    let x = left;
    for (const column of COLUMNS) {
      pdf.font('regular').fontSize(9).fillColor(column.key === 'tax' && !line.taxable ? GRAY : 'black');
      if (column.key === 'description') {
        pdf.text(cells.description, x + CELL_PAD, y + CELL_PAD, { width: descWidth, height: descHeight, ellipsis: true });
      } else {
        pdf.text(cells[column.key], x + CELL_PAD, y + CELL_PAD, { width: column.width - 2 * CELL_PAD, align: column.align, lineBreak: false });
      }
      x += column.width;
    }
    y += rowH;
    pdf.moveTo(left, y).lineTo(right, y).lineWidth(0.4).strokeColor(RULE).stroke();
  });

  // --- Totals --------------------------------------------------------------------------------------------------
  const totals: [string, string, boolean][] = [
    ['공급가액 Supply amount', formatWon(doc.supplyAmount), false],
    ['부가세 VAT (10%)', formatWon(doc.vat), false],
    ['합계 Total', formatWon(doc.total), true],
  ];
  const totalsH = totals.length * 18 + 40;
  if (y + 12 + totalsH > bottom()) y = newPage();
  y += 12;
  const totalsW = 250;
  const totalsX = right - totalsW;
  for (const [label, value, strong] of totals) {
    if (strong) {
      pdf.moveTo(totalsX, y - 3).lineTo(right, y - 3).lineWidth(0.8).strokeColor('black').stroke();
      y += 2;
    }
    pdf.font(strong ? 'bold' : 'regular').fontSize(strong ? 11 : 9.5).fillColor('black');
    pdf.text(label, totalsX, y, { width: 140, lineBreak: false });
    pdf.text(value, totalsX + 140, y, { width: totalsW - 140 - CELL_PAD, align: 'right', lineBreak: false });
    y += 18;
  }
  pdf.font('regular').fontSize(7.5).fillColor(GRAY);
  pdf.text('과세: 부가세 10% 대상 (taxable) · 면세: 부가세 없음 (not taxable). 금액 단위: 원 (KRW).', left, y + 6, { width });

  // --- Every page: watermark and footer ------------------------------------------------------------------------
  const watermark = doc.number === null ? 'DRAFT' : doc.status === 'void' ? 'VOID' : null;
  const range = pdf.bufferedPageRange();
  for (let p = range.start; p < range.start + range.count; p++) {
    pdf.switchToPage(p);
    const savedBottom = pdf.page.margins.bottom;
    pdf.page.margins.bottom = 0; // the footer sits below the content area: no automatic page break here
    if (watermark !== null) {
      pdf.save();
      pdf.rotate(-30, { origin: [pdf.page.width / 2, pdf.page.height / 2] });
      pdf.font('bold').fontSize(110).fillColor('#999999').fillOpacity(0.15);
      pdf.text(watermark, 0, pdf.page.height / 2 - 70, { width: pdf.page.width, align: 'center', lineBreak: false });
      pdf.restore();
    }
    const footerY = pdf.page.height - PAGE_MARGIN - 10;
    pdf.moveTo(left, footerY - 6).lineTo(right, footerY - 6).lineWidth(0.4).strokeColor(RULE).stroke();
    pdf.font('regular').fontSize(7.5).fillColor(GRAY).fillOpacity(1);
    pdf.text(`${FOUNDATION.name} · ${number} · 데모 문서 (demo figures)`, left, footerY, { width: width - 60, lineBreak: false });
    pdf.text(`${p - range.start + 1} / ${range.count}`, right - 60, footerY, { width: 60, align: 'right', lineBreak: false });
    pdf.page.margins.bottom = savedBottom;
  }
  pdf.end();
  return done;
}

/**
 * A bordered party block: a heading, the party's name in bold, then label/value rows. Returns its height; draws only
 * when `draw` (the first pass measures, so that both boxes get the taller one's height).
 */
function partyBox(
  pdf: PDFKit.PDFDocument,
  x: number,
  top: number,
  w: number,
  heading: string,
  name: string,
  rows: [string, string][],
  draw: boolean,
  height?: number,
): number {
  const inner = w - 2 * 8;
  const labelW = 70;
  let y = top + 6;
  const measureOrDraw = (text: string, at: number, width: number, font: 'regular' | 'bold', size: number, color: string): number => {
    pdf.font(font).fontSize(size);
    const h = pdf.heightOfString(text, { width });
    if (draw) pdf.fillColor(color).text(text, at, y, { width });
    return h;
  };
  y += measureOrDraw(heading, x + 8, inner, 'regular', 8, GRAY) + 2;
  y += measureOrDraw(name, x + 8, inner, 'bold', 11, 'black') + 3;
  for (const [label, value] of rows) {
    if (label === '') {
      y += measureOrDraw(value, x + 8, inner, 'regular', 8.5, 'black') + 2;
      continue;
    }
    measureOrDraw(label, x + 8, labelW, 'regular', 8, GRAY);
    y += measureOrDraw(value, x + 8 + labelW, inner - labelW, 'regular', 8.5, 'black') + 2;
  }
  const h = y - top + 4;
  if (draw) pdf.rect(x, top, w, height ?? h).lineWidth(0.6).strokeColor(RULE).stroke();
  return h;
}

/** Midnight UTC of the first day of 'YYYY-MM' (a draft's fixed CreationDate). */
function periodStartUtc(period: string): Date {
  const m = /^(\d{4})-(\d{2})$/.exec(period);
  const date = m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, 1)) : new Date(Number.NaN);
  if (!m || Number(m[2]) < 1 || Number(m[2]) > 12) throw new RangeError(`Not a period YYYY-MM: "${period}"`);
  return date;
}
