#!/usr/bin/python3
"""Hand-assembled Safe-like runtime: getOwners() returns the given owners (ABI address[]),
getThreshold() returns the threshold; any other selector reverts. Enough for porwatch's
contract-wallet owner check (the same two view functions as Gnosis Safe).
usage: safe_owners_runtime.py THRESHOLD OWNER [OWNER...]   -> prints 0x-prefixed runtime hex"""
import sys

OP = dict(SHR=0x1c, CALLDATALOAD=0x35, CODECOPY=0x39, JUMPI=0x57, JUMPDEST=0x5b, DUP1=0x80,
          EQ=0x14, RETURN=0xf3, REVERT=0xfd)


def push(n, v):
    return [0x5f + n] + list(v.to_bytes(n, 'big'))


def assemble(threshold, owners, labels_in):
    owners_data = (32).to_bytes(32, 'big') + len(owners).to_bytes(32, 'big')
    for o in owners:
        owners_data += bytes(12) + bytes.fromhex(o[2:])
    threshold_data = threshold.to_bytes(32, 'big')
    code, labels = [], {}

    def label(name):
        labels[name] = len(code)
        code.append(OP['JUMPDEST'])

    def jump_if(selector, name):
        code.extend([OP['DUP1']] + push(4, selector) + [OP['EQ']] + push(2, labels_in.get(name, 0)) + [OP['JUMPI']])

    def return_data(name, size):
        code.extend(push(2, size) + push(2, labels_in.get(name, 0)) + push(1, 0) + [OP['CODECOPY']])
        code.extend(push(2, size) + push(1, 0) + [OP['RETURN']])

    code.extend(push(1, 0) + [OP['CALLDATALOAD']] + push(1, 0xe0) + [OP['SHR']])
    jump_if(0xa0e67e2b, 'getOwners')
    jump_if(0xe75235b8, 'getThreshold')
    code.extend(push(1, 0) + [OP['DUP1'], OP['REVERT']])
    label('getOwners')
    return_data('OWNERS', len(owners_data))
    label('getThreshold')
    return_data('THRESHOLD', 32)
    labels['OWNERS'] = len(code)
    code.extend(owners_data)
    labels['THRESHOLD'] = len(code)
    code.extend(threshold_data)
    return bytes(code), labels


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    threshold, owners = int(sys.argv[1]), sys.argv[2:]
    _, labels = assemble(threshold, owners, {})
    code, labels2 = assemble(threshold, owners, labels)
    assert labels == labels2
    print('0x' + code.hex())


main()
