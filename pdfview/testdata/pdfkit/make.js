// Writes a PDF with PDFKit from a JSON description and prints where each
// piece of text went, for pdfview's keyword tests (find_test.go).
//
//   node make.js spec.json out.pdf
//
// spec: {"pages": [{"size": [w, h], "rotate": 90, "cropBox": [llx, lly, urx, ury],
//          "texts": [{"text": "盖章处", "x": 100, "y": 200, "font": "/path.ttf" or
//                     "Helvetica", "size": 12}]}]}
// x, y: the start of the text's baseline, in points from the top-left corner of
// the media box, y downwards (PDFKit's coordinates).
//
// Output (stdout), one entry per text in order: {"page": 0-based, "baseline":
// y in PDF user space (y up), "size": …, "x": [x0, x1, …]} where x[k] is the
// user-space x where character k starts and the last entry where the text ends.
'use strict';
const fs = require('fs');
const PDFDocument = require('pdfkit');

const spec = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
const doc = new PDFDocument({ autoFirstPage: false, compress: true });
doc.pipe(fs.createWriteStream(process.argv[3]));
const out = [];
spec.pages.forEach((p, pi) => {
  doc.addPage({ size: p.size || 'A4', margin: 0 });
  const h = doc.page.height;
  if (p.rotate) doc.page.dictionary.data.Rotate = p.rotate;
  if (p.cropBox) doc.page.dictionary.data.CropBox = p.cropBox;
  for (const t of p.texts || []) {
    doc.font(t.font).fontSize(t.size);
    doc.text(t.text, t.x, t.y, { lineBreak: false, baseline: 'alphabetic' });
    const chars = Array.from(t.text);
    const xs = [];
    for (let k = 0; k <= chars.length; k++) {
      xs.push(t.x + doc.widthOfString(chars.slice(0, k).join('')));
    }
    out.push({ page: pi, baseline: h - t.y, size: t.size, x: xs });
  }
});
doc.end();
process.stdout.write(JSON.stringify(out));
