"""A small reserve book on real nodes, shared by the metrics and report integration tests:
litecoind regtest with two funded addresses (one signed with bitcoinjs-message using
Litecoin's message magic, one unsigned) and anvil with two EIP-191-signed accounts (ethers) and
one unsigned account holding more wei than a float64 represents exactly."""
import json
import os
import subprocess

from nodes import HEADER_NATIVE, TOOLS, rpc

MESSAGE = 'porwatch observe test: these reserves belong to Example Exchange'
# anvil's well-known dev keys 1 and 2 (public test keys of its default mnemonic).
ANVIL_KEYS = ['0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d',
              '0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a']
WHALE = '0x00000000000000000000000000000000000b16f1'
WHALE_WEI = 123456789123456789012345678   # 123456789.123456789012345678 ETH: not exact in float64


class Reserves:
    def __init__(self, nodes):
        self.nodes = nodes
        self.ltc = nodes.litecoind('ltc')
        self.eth = nodes.anvil('eth')
        ltc = self.ltc
        ltc('createwallet', 'miner')
        ltc('createwallet', 'reserve')
        miner = ltc('getnewaddress', '', 'bech32', wallet='miner')
        ltc('generatetoaddress', 101, miner)
        rows = []
        signed = ltc('getnewaddress', '', 'bech32', wallet='reserve')
        wif = ltc('dumpprivkey', signed, wallet='reserve')
        ltc('sendtoaddress', signed, '1.25', wallet='miner')
        sig = subprocess.check_output(['node', os.path.join(TOOLS, 'btc-sign.cjs'), 'sign137', wif, 'p2wpkh',
                                       MESSAGE, 'litecoin-regtest'], text=True).strip()
        rows.append(f'litecoin,regtest,{signed},LTC,{MESSAGE},{sig},,,signed\n')
        cold = ltc('getnewaddress', '', 'legacy', wallet='reserve')
        ltc('sendtoaddress', cold, '2.5', wallet='miner')
        rows.append(f'litecoin,regtest,{cold},LTC,,,,,cold (unsigned)\n')
        ltc('generatetoaddress', 1, miner)
        self.eth_accounts = []
        for i, key in enumerate(ANVIL_KEYS):
            out = json.loads(subprocess.check_output(['node', os.path.join(TOOLS, 'eth-sign.mjs'), 'sign', key, MESSAGE],
                                                     text=True))
            self.eth_accounts.append(out['address'])
            rpc(self.eth, 'anvil_setBalance', [out['address'], hex(10**18 * (i + 1))])
            rows.append(f'ethereum,,{out["address"]},ETH,{MESSAGE},{out["signature"]},,,hot {i + 1}\n')
        rpc(self.eth, 'anvil_setBalance', [WHALE, hex(WHALE_WEI)])
        rows.append(f'ethereum,,{WHALE},ETH,,,,,whale (unsigned)\n')
        rpc(self.eth, 'evm_mine', [])
        self.book = nodes.write('reserves.csv', HEADER_NATIVE + ''.join(rows))
        self.signed_addresses = 3
        self.unsigned_addresses = 2

    def config(self, db, extra='', interval=2):
        """The config text for `db`, with `extra` sections appended."""
        return (f'database = {db}\ninterval = {interval}\naddresses = {self.book}\n[daemon]\njitter = 0\n'
                f'[litecoin]\nnetwork = regtest\nrpc_url = http://u:p@127.0.0.1:{self.ltc.port}/\nconfirmations = 1\n'
                f'[ethereum]\nrpc_url = {self.eth}\nchain_id = 31337\nconfirmations = 0\n' + extra)

    def stop_anvil(self):
        subprocess.check_call([os.path.join(TOOLS, 'stop-node.sh'), os.path.join(self.nodes.dir, 'eth', 'anvil.pid')])
