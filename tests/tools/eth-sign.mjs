// EIP-191 signer/verifier with ethers (third party).
// usage: node eth-sign.mjs sign <privkeyhex> <message>   -> {"address","signature","hash"}
//        node eth-sign.mjs verify <address> <message> <sig>   (exit 0 iff the signature recovers <address>)
//        node eth-sign.mjs balance <address> [rpc-url]          (default http://127.0.0.1:$ETH_PORT)
import { Wallet, verifyMessage, getBytes, hashMessage, JsonRpcProvider } from 'ethers';
const [cmd, a, msg, sig] = process.argv.slice(2);
if (cmd === 'sign') {
  const w = new Wallet(a);
  console.log(JSON.stringify({ address: w.address, signature: await w.signMessage(msg), hash: hashMessage(msg) }));
} else if (cmd === 'verify') {
  let rec = '';
  try { rec = verifyMessage(msg, sig); } catch (e) { console.error(e.message); }
  const ok = rec !== '' && rec.toLowerCase() === a.toLowerCase();
  console.log(JSON.stringify({ recovered: rec, ok }));
  process.exit(ok ? 0 : 1);
} else if (cmd === 'balance') {
  const p = new JsonRpcProvider(msg || 'http://127.0.0.1:' + (process.env.ETH_PORT || 18545));
  console.log((await p.getBalance(a)).toString());
} else {
  console.error('usage: node eth-sign.mjs sign <privkeyhex> <message> | verify <address> <message> <sig> | balance <address> [url]');
  process.exit(2);
}
