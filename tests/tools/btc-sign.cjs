// Bitcoin message signing and address derivation with third-party libs.
// node btc-sign.cjs addrs  <WIF> [network]     -> JSON: p2pkh / p2sh-p2wpkh / p2wpkh / p2tr / p2wsh (1-of-1 multisig)
//      network: bitcoin|testnet|regtest|litecoin|litecoin-testnet|litecoin-regtest
//      (default: from the WIF: K/L/5 -> bitcoin, else regtest)
// node btc-sign.cjs sign137 <WIF> <p2pkh|p2sh-p2wpkh|p2wpkh> <message> [network]   (bitcoinjs-message, BIP-137
//      header; network litecoin* signs with the "Litecoin Signed Message:\n" magic)
// node btc-sign.cjs verify137 <address> <message> <sigB64>              (checkSegwitAlways: accepts Electrum style)
// node btc-sign.cjs sign322 <WIF> <address> <message>   (bip322-js; p2wpkh/p2tr -> BIP-322 simple, p2pkh -> legacy)
// node btc-sign.cjs verify322 <address> <message> <sigB64>
const bitcoin = require('bitcoinjs-lib');
const ecc = require('tiny-secp256k1');
const { ECPairFactory } = require('ecpair');
const bitcoinMessage = require('bitcoinjs-message');
const { Signer, Verifier } = require('bip322-js');
bitcoin.initEccLib(ecc);   // required before any P2TR encode/decode
const ECPair = ECPairFactory(ecc);

const LTC_MAIN = { messagePrefix: '\x19Litecoin Signed Message:\n', bech32: 'ltc',
  bip32: { public: 0x019da462, private: 0x019d9cfe }, pubKeyHash: 0x30, scriptHash: 0x32, wif: 0xb0 };
const LTC_TEST = { messagePrefix: '\x19Litecoin Signed Message:\n', bech32: 'tltc',
  bip32: { public: 0x0436f6e1, private: 0x0436ef7d }, pubKeyHash: 0x6f, scriptHash: 0x3a, wif: 0xef };
const LTC_REGTEST = { ...LTC_TEST, bech32: 'rltc' };
const NETWORKS = {
  bitcoin: bitcoin.networks.bitcoin, testnet: bitcoin.networks.testnet, regtest: bitcoin.networks.regtest,
  litecoin: LTC_MAIN, 'litecoin-testnet': LTC_TEST, 'litecoin-regtest': LTC_REGTEST,
};
const WIF_NETS = [bitcoin.networks.bitcoin, bitcoin.networks.testnet, LTC_MAIN];
const hex = (b) => Buffer.from(b).toString('hex');

function netOfWif(wif) { return wif[0] === 'K' || wif[0] === 'L' || wif[0] === '5' ? bitcoin.networks.bitcoin : bitcoin.networks.regtest; }
function addrs(wif, netName) {
  let network;
  if (netName) {
    network = NETWORKS[netName];
    if (!network) { console.error('unknown network ' + netName + '; one of ' + Object.keys(NETWORKS).join('|')); process.exit(2); }
  } else network = netOfWif(wif);
  const kp = ECPair.fromWIF(wif, WIF_NETS);
  const pubkey = kp.publicKey;
  const p2wpkh = bitcoin.payments.p2wpkh({ pubkey, network });
  const ms = bitcoin.payments.p2ms({ m: 1, pubkeys: [pubkey], network });   // OP_1 <pub> OP_1 OP_CHECKMULTISIG
  const p2wsh = bitcoin.payments.p2wsh({ redeem: ms, network });
  return {
    p2pkh: bitcoin.payments.p2pkh({ pubkey, network }).address,
    'p2sh-p2wpkh': bitcoin.payments.p2sh({ redeem: p2wpkh, network }).address,
    p2wpkh: p2wpkh.address,
    p2tr: bitcoin.payments.p2tr({ internalPubkey: pubkey.slice(1, 33), network }).address,
    p2wsh: p2wsh.address,
    'p2wsh-witness-script': hex(ms.output),
    pubkey: hex(pubkey),
  };
}
const [cmd, a, b, c, d] = process.argv.slice(2);
if (cmd === 'addrs') console.log(JSON.stringify(addrs(a, b), null, 1));
else if (cmd === 'sign137') {
  const kp = ECPair.fromWIF(a, WIF_NETS);
  const opts = b === 'p2pkh' ? undefined : { segwitType: b === 'p2wpkh' ? 'p2wpkh' : 'p2sh(p2wpkh)' };
  const prefix = d ? (NETWORKS[d] || {}).messagePrefix : undefined;
  if (d && !prefix) { console.error('unknown network ' + d); process.exit(2); }
  const sig = bitcoinMessage.sign(c, Buffer.from(kp.privateKey), kp.compressed, prefix, opts);
  console.log(sig.toString('base64'));
} else if (cmd === 'verify137') {
  let ok = false; try { ok = bitcoinMessage.verify(b, a, c, undefined, true); } catch (e) { console.error(e.message); }
  console.log(ok); process.exit(ok ? 0 : 1);
} else if (cmd === 'sign322') {
  console.log(Signer.sign(a, b, c).toString());
} else if (cmd === 'verify322') {
  let ok = false; try { ok = Verifier.verifySignature(a, b, c); } catch (e) { console.error(e.message); }
  console.log(ok); process.exit(ok ? 0 : 1);
} else {
  console.error('usage: node btc-sign.cjs addrs|sign137|verify137|sign322|verify322 ...'); process.exit(2);
}
