/**
 * Lays a document's facts out as an A4 PDF in the manner of Chinese official documents: the
 * title centred, the case number, the parties, the body, the legal basis, the signature and seal
 * lines, the date in Chinese, and the verification code with its QR code. The text is set in
 * Noto Serif SC (SIL Open Font License), embedded as a subset of the glyphs the document uses,
 * with a ToUnicode map, so the text can be extracted and searched and a document weighs tens of
 * kilobytes.
 *
 * Deterministic: the same facts, code and issue time give the same bytes (the PDF's dates are the
 * issue time, its ID is derived from its info, which names the code), so a masked copy re-rendered
 * later has the code and date of the document as issued.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as fontkit from 'fontkit';
import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';
import { chinaDate } from '../domain/time.js';
import { compose, type Piece } from './compose.js';
import { variantOf, type DocumentFacts } from './facts.js';
import { chineseDateLine, groupedCode } from './format.js';

/** What is stamped on a document besides its facts. */
export interface Stamp {
  code: string;
  issuedAt: Date;
  /** What the QR code holds: where the code is verified. */
  verifyUrl: string;
  /** A copy with personal data masked for a reader who may not see it whole (SPEC §7). */
  masked: boolean;
}

const require = createRequire(import.meta.url);
const FONT_FILES = {
  regular: '@expo-google-fonts/noto-serif-sc/400Regular/NotoSerifSC_400Regular.ttf',
  bold: '@expo-google-fonts/noto-serif-sc/700Bold/NotoSerifSC_700Bold.ttf',
};
let fonts: { regular: fontkit.Font; bold: fontkit.Font } | undefined;

/**
 * The two faces, parsed once on first use and shared by every document: parsing a 15 MB CJK font
 * for each document would cost more than laying the document out. pdfkit subsets per document.
 */
function loadFonts() {
  fonts ??= {
    regular: fontkit.create(readFileSync(require.resolve(FONT_FILES.regular))),
    bold: fontkit.create(readFileSync(require.resolve(FONT_FILES.bold))),
  };
  return fonts;
}

// A4 in points, margins after GB/T 9704's proportions, a little narrower at the top and bottom
// so that a notice fits on one page.
const PAGE = { width: 595.28, height: 841.89 };
const MARGIN = { top: 64, bottom: 88, left: 79, right: 74 };
const CONTENT_WIDTH = PAGE.width - MARGIN.left - MARGIN.right;
const SIZE = { title: 22, body: 14, basis: 12, small: 9 };
const INDENT = 2 * SIZE.body;
const BODY = { lineGap: 4, paragraphGap: 5 };
const QR_SIZE = 68;
/** The column left of the signatures that holds the QR code and the verification code. */
const STAMP_WIDTH = 170;
const SIGNATURE_ROW = 42;

/** The PDF as bytes. */
export function renderDocument(facts: DocumentFacts, stamp: Stamp): Promise<Buffer> {
  const { regular, bold } = loadFonts();
  const variant = variantOf(facts);
  // Whole seconds: the PDF's date has no finer unit, and its ID is computed from the date.
  const issuedAt = new Date(Math.floor(stamp.issuedAt.getTime() / 1000) * 1000);
  const doc = new PDFDocument({
    size: 'A4',
    margins: MARGIN,
    bufferPages: true,
    lang: 'zh-CN',
    displayTitle: true,
    info: {
      Title: variant.title,
      Subject: `${facts.caseNumber} ${variant.title} 验证码${stamp.code}${stamp.masked ? '（个人信息已隐去）' : ''}`,
      Author: facts.fields.orgName,
      Creator: 'Tiaojie',
      Producer: 'Tiaojie',
      CreationDate: issuedAt,
      ModDate: issuedAt,
    },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  // pdfkit takes a parsed font where its types name only bytes.
  doc.registerFont('regular', regular as unknown as Buffer);
  doc.registerFont('bold', bold as unknown as Buffer);

  const text = compose(facts);
  const write = (piece: Piece) => {
    if (piece.gapBefore) doc.moveDown(0.4);
    if (piece.style === 'heading') keepTogether(3 * SIZE.body);
    doc
      .font(piece.style === 'heading' ? 'bold' : 'regular')
      .fontSize(SIZE.body)
      .text(piece.text, MARGIN.left, undefined, { width: CONTENT_WIDTH, ...BODY, indent: piece.style === 'indent' ? INDENT : 0 });
  };

  // Title and case number.
  doc.font('bold').fontSize(SIZE.title).text(text.title, MARGIN.left, MARGIN.top, { width: CONTENT_WIDTH, align: 'center', characterSpacing: text.title.length <= 5 ? 6 : 1 });
  doc.moveDown(0.4);
  doc.font('regular').fontSize(SIZE.basis).text(`案号：${text.caseNumber}`, { width: CONTENT_WIDTH, align: 'right' });
  doc.moveDown(0.8);

  // The body, then the legal basis it rests on, then 此致 and the addressee (which lead straight to the signatures).
  text.body.forEach(write);
  doc.moveDown(0.3);
  doc.font('regular').fontSize(SIZE.basis).text(text.basis, MARGIN.left, undefined, { width: CONTENT_WIDTH, lineGap: 3, indent: 2 * SIZE.basis });
  doc.moveDown(0.3);
  text.closing.forEach(write);

  // Signatures and seals, right-aligned with room above each for the hand or the seal, then the
  // date; the verification code and its QR code in the space to their left. Kept on one page.
  doc.moveDown(1);
  keepTogether(Math.max((text.signatures.length + 1) * SIGNATURE_ROW, QR_SIZE + 70));
  const top = doc.y;
  for (const line of text.signatures) {
    signature(line);
    doc.moveDown(1.1);
  }
  signature(chineseDateLine(chinaDate(issuedAt)));
  const end = doc.y;
  drawVerification(top);
  doc.y = Math.max(end, doc.y);

  drawFooters();
  doc.end();
  return done;

  /** Starts a new page unless `height` more points fit on this one (a heading is not left alone at the foot of a page). */
  function keepTogether(height: number) {
    if (doc.y + height > PAGE.height - MARGIN.bottom) doc.addPage();
  }

  function signature(text: string) {
    doc.font('regular').fontSize(SIZE.body).text(text, MARGIN.left + STAMP_WIDTH, undefined, { width: CONTENT_WIDTH - STAMP_WIDTH, ...BODY, align: 'right' });
  }

  /** The verification code and its QR code, with where to check it, from `top` down at the left margin. */
  function drawVerification(top: number) {
    drawQr(stamp.verifyUrl, MARGIN.left, top, QR_SIZE);
    const opts = { width: STAMP_WIDTH - 12, lineGap: 1 };
    doc.font('bold').fontSize(SIZE.small + 1).text(`验证码：${groupedCode(stamp.code)}`, MARGIN.left, top + QR_SIZE + 6, opts);
    doc.font('regular').fontSize(SIZE.small).text(`扫描二维码或访问 ${stamp.verifyUrl} 核验本文书`, opts);
    if (stamp.masked) doc.text('本件为查阅副本，公民身份号码和联系电话已隐去部分数字', opts);
  }

  /** The QR code drawn as squares, one rectangle per run of dark modules in a row. */
  function drawQr(text: string, x: number, y: number, size: number) {
    const { modules } = QRCode.create(text, { errorCorrectionLevel: 'M' });
    const m = size / modules.size;
    for (let row = 0; row < modules.size; row++) {
      for (let col = 0; col < modules.size; ) {
        if (!modules.get(row, col)) {
          col++;
          continue;
        }
        const start = col;
        while (col < modules.size && modules.get(row, col)) col++;
        // A hair taller than a module, so rows touch without a seam when the page is rasterised.
        doc.rect(x + start * m, y + row * m, (col - start) * m, m + 0.05);
      }
    }
    doc.fillColor('black').fill();
  }

  /** Each page's foot: the case number, the page of how many, the code. */
  function drawFooters() {
    const { start, count } = doc.bufferedPageRange();
    for (let i = start; i < start + count; i++) {
      doc.switchToPage(i);
      // Below the bottom margin: pdfkit would otherwise start a new page for text written there.
      const bottom = doc.page.margins.bottom;
      doc.page.margins.bottom = 0;
      const y = PAGE.height - 48;
      doc.font('regular').fontSize(SIZE.small).fillColor('#444444');
      doc.text(`案号：${facts.caseNumber}`, MARGIN.left, y, { width: CONTENT_WIDTH / 3, lineBreak: false });
      doc.text(`第${i + 1}页 共${count}页`, MARGIN.left + CONTENT_WIDTH / 3, y, { width: CONTENT_WIDTH / 3, align: 'center', lineBreak: false });
      doc.text(`验证码：${groupedCode(stamp.code)}`, MARGIN.left + (2 * CONTENT_WIDTH) / 3, y, { width: CONTENT_WIDTH / 3, align: 'right', lineBreak: false });
      doc.fillColor('black');
      doc.page.margins.bottom = bottom;
    }
  }
}
