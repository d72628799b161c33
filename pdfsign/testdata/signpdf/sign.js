// Signs a PDF the way @signpdf's users do: a plain-text placeholder added as an
// incremental update, then a detached PKCS#7 from a PKCS#12 file.
// Usage: node sign.js IN.pdf OUT.pdf KEY.p12 PASSWORD
'use strict';
const fs = require('fs');
const { plainAddPlaceholder } = require('@signpdf/placeholder-plain');
const { P12Signer } = require('@signpdf/signer-p12');
const signpdf = require('@signpdf/signpdf').default;

async function main() {
  const [input, output, p12, password] = process.argv.slice(2);
  const withPlaceholder = plainAddPlaceholder({
    pdfBuffer: fs.readFileSync(input),
    reason: 'interoperability test',
    contactInfo: 'test@example.org',
    name: 'signpdf',
    location: 'Hangzhou',
    signingTime: new Date('2026-06-01T08:00:00Z'),
  });
  const signer = new P12Signer(fs.readFileSync(p12), { passphrase: password });
  const signed = await signpdf.sign(withPlaceholder, signer, new Date('2026-06-01T08:00:00Z'));
  fs.writeFileSync(output, signed);
}

main().catch((e) => {
  console.error(e && e.stack ? e.stack : String(e));
  process.exit(1);
});
