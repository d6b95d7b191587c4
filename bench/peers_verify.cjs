// The peers' side of `porwatch-bench verify`: verify the same generated rows with
// bitcoinjs-message (Bitcoin legacy / BIP-137 rows) and ethers verifyMessage (EIP-191 rows).
// usage: node peers_verify.cjs FILE TOOLS_DIR   -> one JSON line {"rows","ok","seconds"}
// FILE is the porwatch native CSV the bench wrote (no quoting needed: messages have no commas).
const fs = require('fs');
const path = require('path');
const { createRequire } = require('module');
const [file, toolsDir] = process.argv.slice(2);
const req = createRequire(path.join(path.resolve(toolsDir), 'package.json'));
const bitcoinMessage = req('bitcoinjs-message');
const { verifyMessage } = req('ethers');

const rows = fs.readFileSync(file, 'utf8').split('\n').slice(1).filter((l) => l.length > 0)
  .map((l) => l.split(','));
const start = process.hrtime.bigint();
let ok = 0;
for (const [chain, , address, , message, signature] of rows) {
  try {
    if (chain === 'ethereum') ok += verifyMessage(message, signature).toLowerCase() === address.toLowerCase() ? 1 : 0;
    else ok += bitcoinMessage.verify(message, address, signature, undefined, true) ? 1 : 0;
  } catch (e) { /* a throw is a failed row */ }
}
const seconds = Number(process.hrtime.bigint() - start) / 1e9;
console.log(JSON.stringify({ rows: rows.length, ok, seconds }));
