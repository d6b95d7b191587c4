// The comparison scanner: ethers v6, every read in one Promise.all (the approach of Chainlink's
// eth-balance adapter). Same addresses as porwatch-bench: sha256("porwatch-bench-scan-<i>")[0..20].
// usage: node ethers_scan.mjs URL COUNT BLOCK TOKEN...
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
const require = createRequire(new URL('../tests/tools/package.json', import.meta.url));
const { JsonRpcProvider, Contract, getAddress } = require('ethers');

const [url, countText, blockText, ...tokens] = process.argv.slice(2);
const count = Number(countText);
const blockTag = Number(blockText);
const provider = new JsonRpcProvider(url, undefined, { staticNetwork: true });
const abi = ['function balanceOf(address) view returns (uint256)'];
const contracts = tokens.map((t) => new Contract(t, abi, provider));
const addresses = [];
for (let i = 0; i < count; i++) {
  addresses.push(getAddress('0x' + createHash('sha256').update(`porwatch-bench-scan-${i}`).digest('hex').slice(0, 40)));
}
const t0 = process.hrtime.bigint();
const reads = [];
for (const a of addresses) {
  reads.push(provider.getBalance(a, blockTag));
  for (const c of contracts) reads.push(c.balanceOf(a, { blockTag }));
}
const values = await Promise.all(reads);
const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
console.log(`reads=${values.length} seconds=${seconds} peak_rss_mb=${Math.round(process.resourceUsage().maxRSS / 1024)}`);
provider.destroy();
