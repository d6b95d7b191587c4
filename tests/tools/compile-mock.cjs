// Compile Chainlink's own MockV3Aggregator (src/v0.8/tests/MockV3Aggregator.sol of the npm package
// @chainlink/contracts, pinned in package.json) with the npm solc compiler (soljson, also pinned).
// Prints one JSON object: {"compiler","abi","bytecode","deployedBytecode"} (0x-hex creation and
// runtime code). Nothing compiled is committed: tests and the demo compile it when they run.
// usage: node compile-mock.cjs
const fs = require('fs');
const path = require('path');
const solc = require('solc');

const root = path.join(__dirname, 'node_modules/@chainlink/contracts/src/v0.8');
const main = 'tests/MockV3Aggregator.sol';
const input = {
  language: 'Solidity',
  sources: { [main]: { content: fs.readFileSync(path.join(root, main), 'utf8') } },
  settings: {
    optimizer: { enabled: true, runs: 200 },
    outputSelection: { '*': { '*': ['abi', 'evm.bytecode.object', 'evm.deployedBytecode.object'] } },
  },
};
// Imports resolve inside the package only (../interfaces/… from tests/).
function findImports(name) {
  const full = path.normalize(path.join(root, name));
  if (!full.startsWith(root + path.sep)) return { error: 'import outside the package: ' + name };
  try {
    return { contents: fs.readFileSync(full, 'utf8') };
  } catch (e) {
    return { error: e.message };
  }
}
const output = JSON.parse(solc.compile(JSON.stringify(input), { import: findImports }));
const errors = (output.errors || []).filter((e) => e.severity === 'error');
if (errors.length) {
  console.error(errors.map((e) => e.formattedMessage).join('\n'));
  process.exit(1);
}
const mock = output.contracts[main].MockV3Aggregator;
console.log(JSON.stringify({
  compiler: solc.version(),
  abi: mock.abi,
  bytecode: '0x' + mock.evm.bytecode.object,
  deployedBytecode: '0x' + mock.evm.deployedBytecode.object,
}));
