"""Chainlink's own MockV3Aggregator (@chainlink/contracts@0.8.0, src/v0.8/tests/MockV3Aggregator.sol)
compiled with the npm solc by tests/tools/compile-mock.cjs, deployed on anvil with a real
transaction from a dev account, and driven with its updateAnswer / updateRoundData. Used by the
pricing integration test and by scripts/demo. Amounts are Python ints (exact)."""
import json
import os
import subprocess
import time

from nodes import TOOLS, rpc

DEV = '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266'   # anvil account 0 (unlocked)
DESCRIPTION = 'v0.8/tests/MockV3Aggregator.sol'       # the mock's fixed description()
_compiled = None


def compiled():
    """The compiler output, compiled once per process."""
    global _compiled
    if _compiled is None:
        out = subprocess.check_output(['node', os.path.join(TOOLS, 'compile-mock.cjs')], text=True, timeout=300)
        _compiled = json.loads(out)
    return _compiled


def word(n):
    """One ABI word of a (possibly negative) integer, two's complement."""
    return (n % (1 << 256)).to_bytes(32, 'big').hex()


def send(url, to, data):
    """A real transaction from the dev account (automined); returns the receipt."""
    tx = {'from': DEV, 'data': data, 'gas': hex(3_000_000)}
    if to:
        tx['to'] = to
    h = rpc(url, 'eth_sendTransaction', [tx])
    receipt = None
    for _ in range(200):   # automine: the receipt follows within milliseconds
        receipt = rpc(url, 'eth_getTransactionReceipt', [h])
        if receipt is not None:
            break
        time.sleep(0.02)
    if receipt is None or receipt['status'] != '0x1':
        raise RuntimeError(f'transaction {h} failed: {receipt}')
    return receipt


def deploy(url, decimals, answer):
    """Deploy MockV3Aggregator(decimals, answer); returns the contract address (lower case)."""
    receipt = send(url, None, compiled()['bytecode'] + word(decimals) + word(answer))
    return receipt['contractAddress'].lower()


def plant(url, feed, decimals, answer, updated_at, round_id=1, cast=None):
    """Plant the compiled mock's runtime at `feed` with anvil_setCode and set its storage as its
    constructor and updateAnswer would (MockV3Aggregator's layout: slot 0 decimals, 1
    latestAnswer, 2 latestTimestamp, 3 latestRound; mappings 4 getAnswer, 5 getTimestamp, 6
    getStartedAt), without mining a block."""
    rpc(url, 'anvil_setCode', [feed, compiled()['deployedBytecode']])

    def slot(key, mapping):
        return subprocess.check_output([cast, 'index', 'uint256', str(key), str(mapping)], text=True).strip()

    for where, v in ((hex(0), decimals), (hex(1), answer), (hex(2), updated_at), (hex(3), round_id),
                     (slot(round_id, 4), answer), (slot(round_id, 5), updated_at), (slot(round_id, 6), updated_at)):
        rpc(url, 'anvil_setStorageAt', [feed, where, '0x' + word(v)])


def update_answer(url, feed, answer):
    """updateAnswer(int256): a new round with updatedAt = the block's timestamp."""
    return send(url, feed, '0xa87a20ce' + word(answer))


def update_round_data(url, feed, round_id, answer, updated_at, started_at):
    """updateRoundData(uint80,int256,uint256,uint256): any round, answer and timestamps."""
    return send(url, feed, '0x4aa2011f' + word(round_id) + word(answer) + word(updated_at) + word(started_at))


def latest_round_data(url, feed, block='latest'):
    """(roundId, answer, startedAt, updatedAt, answeredInRound) as ints (answer signed)."""
    out = rpc(url, 'eth_call', [{'to': feed, 'data': '0xfeaf968c'}, block])[2:]
    words = [int(out[i:i + 64], 16) for i in range(0, 320, 64)]
    if words[1] >= 1 << 255:
        words[1] -= 1 << 256
    return tuple(words)
