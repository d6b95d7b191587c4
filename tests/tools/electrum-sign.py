#!/usr/bin/python3
"""Bitcoin message signer/verifier using Electrum 4.3.4's Python module (Debian python3-electrum).

usage: electrum-sign.py sign <WIF> <p2pkh|p2wpkh-p2sh|p2wpkh> <message> [--regtest]
           -> {"address": ..., "signature": <base64>}
       electrum-sign.py verify <address> <sigB64> <message> [--regtest]
           -> prints true/false, exit 0 iff true

The WIF may be of any network (only its key and compression flag are used); --regtest makes the
address a Bitcoin regtest one (m/n, 2, bcrt1). For verify, the network is picked from the address
(bcrt1 / tb1 / m n 2 -> test networks) unless --regtest is given.
Note: Electrum signs every address type with the P2PKH header (31-34), not BIP-137's 35-42.
Must run under Debian's /usr/bin/python3 (a pyenv python3 does not see dist-packages).
"""
import base64
import json
import sys

from electrum import constants, ecc
from electrum.bitcoin import DecodeBase58Check, pubkey_to_address


def usage():
    sys.stderr.write(__doc__)
    sys.exit(2)


def main(argv):
    regtest = '--regtest' in argv
    args = [a for a in argv if a != '--regtest']
    if len(args) < 4:
        usage()
    cmd = args[0]
    if cmd == 'sign':
        wif, txin_type, message = args[1], args[2], args[3]
        if txin_type not in ('p2pkh', 'p2wpkh-p2sh', 'p2wpkh'):
            usage()
        net = constants.BitcoinRegtest if regtest else constants.BitcoinMainnet
        vch = DecodeBase58Check(wif)
        if len(vch) not in (33, 34) or (len(vch) == 34 and vch[33] != 1):
            raise SystemExit('bad WIF')
        compressed = len(vch) == 34
        if txin_type != 'p2pkh' and not compressed:
            raise SystemExit('segwit address types need a compressed key')
        key = ecc.ECPrivkey(vch[1:33])
        addr = pubkey_to_address(txin_type, key.get_public_key_hex(compressed=compressed), net=net)
        sig = key.sign_message(message, compressed)
        print(json.dumps({'address': addr, 'signature': base64.b64encode(sig).decode()}))
        return 0
    if cmd == 'verify':
        addr, sig_b64, message = args[1], args[2], args[3]
        if regtest:
            net = constants.BitcoinRegtest
        elif addr.lower().startswith('bcrt1'):
            net = constants.BitcoinRegtest
        elif addr.lower().startswith('tb1') or addr[:1] in ('m', 'n', '2'):
            net = constants.BitcoinTestnet
        else:
            net = constants.BitcoinMainnet
        try:
            ok = ecc.verify_message_with_address(addr, base64.b64decode(sig_b64), message.encode('utf-8'), net=net)
        except Exception as e:  # malformed signature or address
            sys.stderr.write('%s\n' % e)
            ok = False
        print('true' if ok else 'false')
        return 0 if ok else 1
    usage()


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
