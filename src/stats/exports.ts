/**
 * The statistics as others read them (SPEC §12 Reports): a CSV and an Excel workbook of the same
 * figures, laid out for a statistician reporting upward in the ministry's cuts. Money is stated in
 * yuan (元) to two places, organisations by name with their region, regions, periods, categories and
 * proceeding kinds by their Chinese names; every heading is Chinese and comes from STAT_FIELDS.
 * Formatting only: the figures come from service.closureReport.
 */
import ExcelJS from 'exceljs';
import { basisZh } from '../domain/law.js';
import { STAT_FIELDS, type StatFieldDefinition, type StatGroup, type StatRow, type StatUnit } from '../domain/statistics.js';
import type { ClosureReport, ReportSheet } from './service.js';

type Cell = string | number | null;

interface Column {
  header: string;
  unit: StatUnit | 'text';
  /** The heading's note in the workbook: where the definition comes from, when it is the ministry's or a law's. */
  note?: string;
  value: (row: StatRow, sheet: ReportSheet, report: ClosureReport) => Cell;
}

/** What each grouping's rows are called, and the sheet that holds them. */
export const GROUP_NAMES: Record<StatGroup, { column: string; sheet: string }> = {
  org: { column: '机构', sheet: '按机构' },
  region: { column: '地区', sheet: '按地区' },
  month: { column: '月份', sheet: '按月份' },
  quarter: { column: '季度', sheet: '按季度' },
  year: { column: '年度', sheet: '按年度' },
  category: { column: '争议类型', sheet: '按争议类型' },
  kind: { column: '程序', sheet: '按程序' },
};

const UNIT_SUFFIX: Record<StatUnit, string> = { count: '', rate: '', days: '(天)', fen: '(元)' };

/** The row's name, and for organisations and regions the column that places them. */
function labelColumns(groupBy: StatGroup): Column[] {
  const name: Column = { header: GROUP_NAMES[groupBy].column, unit: 'text', value: (r) => r.label };
  if (groupBy === 'org') return [name, { header: '所在地区', unit: 'text', value: (r, _s, report) => report.orgs.get(r.key)?.region ?? null }];
  if (groupBy === 'region') return [name, { header: '区划代码', unit: 'text', value: (r) => r.key }];
  return [name];
}

const fieldColumn = (f: StatFieldDefinition): Column => ({
  header: `${f.zh}${UNIT_SUFFIX[f.unit]}`,
  unit: f.unit,
  note: f.source ? `口径来源：${basisZh(f.source)}` : undefined,
  value: (r) => (r as unknown as Record<string, number | null>)[f.key],
});

export function columnsOf(groupBy: StatGroup): Column[] {
  return [...labelColumns(groupBy), ...STAT_FIELDS.map(fieldColumn)];
}

/** What the totals row is called; a category grouping's totals count each case once, not the sum of its rows. */
const totalsLabel = (sheet: ReportSheet) => (sheet.totalsOverlap ? '合计（按案件计，一案多类不重复）' : '合计');

/** The cells of a row, or of the totals row (its name in the first column, the other names empty). */
function cellsOf(columns: Column[], report: ClosureReport, sheet: ReportSheet, r: StatRow, totals = false): Cell[] {
  return columns.map((c, i) => (totals && c.unit === 'text' ? (i === 0 ? totalsLabel(sheet) : null) : c.value(r, sheet, report)));
}

/** Integer fen as yuan to two places, exactly: 123456 → 1234.56. */
export function yuanText(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

// ---------------------------------------------------------------------------------------------
// CSV

/** One CSV field: quoted when it holds a separator, a quote or a line break; formulas neutralised. */
function csvField(v: Cell): string {
  if (v === null || v === undefined) return '';
  let s = String(v);
  // A leading = + - @ would be run as a formula by spreadsheet programs (CSV injection).
  if (/^[=+\-@]/.test(s) && typeof v === 'string') s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** A figure as the CSV writes it: yuan to two places, rates as percentages Excel and WPS read as numbers. */
function csvValue(unit: Column['unit'], v: Cell): Cell {
  if (v === null || typeof v === 'string') return v;
  if (unit === 'fen') return yuanText(v);
  if (unit === 'rate') return `${(v * 100).toFixed(2)}%`;
  return v;
}

/** The lines of the CSV of one sheet: a Chinese header, one line per group, the totals. UTF-8 with a byte-order mark. */
export function* csvLines(report: ClosureReport, sheet: ReportSheet): Generator<string> {
  const columns = columnsOf(sheet.groupBy);
  yield `\uFEFF${columns.map((c) => csvField(c.header)).join(',')}\r\n`;
  const line = (cells: Cell[]) => `${cells.map((v, i) => csvField(csvValue(columns[i].unit, v))).join(',')}\r\n`;
  for (const r of sheet.rows) yield line(cellsOf(columns, report, sheet, r));
  yield line(cellsOf(columns, report, sheet, sheet.totals, true));
}

// ---------------------------------------------------------------------------------------------
// Workbook

const NUMBER_FORMATS: Record<StatUnit, string> = { count: '#,##0', days: '0', fen: '#,##0.00', rate: '0.00%' };

/** Column widths in characters: a Chinese character is about two. */
const widthOf = (text: string) => [...text].reduce((w, ch) => w + (ch.charCodeAt(0) > 0x2e80 ? 2 : 1), 0);

/** The font every cell has; a style that names none would be drawn in the reader's fallback font. */
const FONT = { name: 'Calibri', size: 11 };
const THIN = { style: 'thin' as const, color: { argb: 'FF9CA3AF' } };
const BORDER = { top: THIN, left: THIN, bottom: THIN, right: THIN };

function addSheet(wb: ExcelJS.Workbook, report: ClosureReport, sheet: ReportSheet) {
  const columns = columnsOf(sheet.groupBy);
  // Row 1 the title, row 2 the headings: both stay in view, and so do the names in the first column.
  const ws = wb.addWorksheet(GROUP_NAMES[sheet.groupBy].sheet, {
    views: [{ state: 'frozen', xSplit: 1, ySplit: 2 }],
    // Printed for filing: A4 landscape, all columns on one page's width, title and headings on every page.
    pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: '1:2' },
  });

  const title = ws.getCell(1, 1);
  title.value = `劳动人事争议处理情况统计表（${GROUP_NAMES[sheet.groupBy].sheet}）　统计范围：${report.scope}　统计期间：${report.period}`;
  title.font = { ...FONT, bold: true, size: 14 };
  title.alignment = { vertical: 'middle' };
  ws.mergeCells(1, 1, 1, columns.length);
  ws.getRow(1).height = 28;

  const head = ws.getRow(2);
  columns.forEach((c, i) => {
    const cell = head.getCell(i + 1);
    cell.value = c.header;
    if (c.note) cell.note = c.note;
  });
  head.font = { ...FONT, bold: true };
  head.alignment = { vertical: 'middle', horizontal: 'center', wrapText: true };
  head.height = 36;
  head.eachCell((cell) => {
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE5E7EB' } };
    cell.border = BORDER;
  });

  const write = (cells: Cell[]) => {
    // Yuan as numbers, so that the sheet can sum them; the column's format shows two places.
    const row = ws.addRow(cells.map((v, i) => (columns[i].unit === 'fen' && typeof v === 'number' ? v / 100 : v)));
    row.eachCell({ includeEmpty: true }, (cell) => (cell.border = BORDER));
    return row;
  };
  for (const r of sheet.rows) write(cellsOf(columns, report, sheet, r));
  write(cellsOf(columns, report, sheet, sheet.totals, true)).font = { ...FONT, bold: true };

  columns.forEach((c, i) => {
    const col = ws.getColumn(i + 1);
    if (c.unit !== 'text') col.numFmt = NUMBER_FORMATS[c.unit];
    // Headings wrap onto two lines; names and figures should fit on one.
    const cells = [Math.ceil(widthOf(c.header) / 2) + 2, ...sheet.rows.map((r) => widthOf(String(c.value(r, sheet, report) ?? ''))), i === 0 ? widthOf(totalsLabel(sheet)) : 0];
    col.width = Math.min(Math.max(Math.max(...cells) + 2, 9), 48);
  });
}

/** The workbook: one sheet per grouping asked for. */
export async function workbookOf(report: ClosureReport, now: Date): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Tiaojie';
  wb.title = `劳动人事争议处理情况统计表 ${report.scope} ${report.period}`;
  wb.created = now;
  wb.modified = now;
  for (const sheet of report.sheets) addSheet(wb, report, sheet);
  return Buffer.from(await wb.xlsx.writeBuffer());
}
