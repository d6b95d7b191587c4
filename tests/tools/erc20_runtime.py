#!/usr/bin/python3
# Hand-assembled minimal ERC-20-like runtime: balanceOf(address) reads mapping at slot 0
# (Solidity layout: keccak256(abi.encode(addr, uint256(0)))), decimals() -> 18,
# symbol() -> "TST", totalSupply() -> sload(2). Anything else reverts.
# Prints the runtime hex (0x...), to be planted with anvil_setCode.
OP = dict(STOP=0x00, SHR=0x1c, SHA3=0x20, CALLDATALOAD=0x35, CODECOPY=0x39, MSTORE=0x52,
          SLOAD=0x54, JUMPI=0x57, JUMPDEST=0x5b, DUP1=0x80, EQ=0x14, RETURN=0xf3, REVERT=0xfd, POP=0x50)
def push(n, v): return [0x5f + n] + list(v.to_bytes(n, 'big'))
def assemble(labels_pass):
    code = []; labels = {}
    def L(name): labels[name] = len(code); code.append(OP['JUMPDEST'])
    def jmp_if(sel, name):
        code.extend([OP['DUP1']] + push(4, sel) + [OP['EQ']] + push(2, labels_pass.get(name, 0)) + [OP['JUMPI']])
    code.extend(push(1, 0) + [OP['CALLDATALOAD']] + push(1, 0xe0) + [OP['SHR']])
    jmp_if(0x70a08231, 'balanceOf'); jmp_if(0x313ce567, 'decimals')
    jmp_if(0x95d89b41, 'symbol'); jmp_if(0x18160ddd, 'totalSupply')
    code.extend(push(1, 0) + [OP['DUP1'], OP['REVERT']])
    L('balanceOf')
    code.extend(push(1, 4) + [OP['CALLDATALOAD']] + push(1, 0) + [OP['MSTORE']])
    code.extend(push(1, 0) + push(1, 0x20) + [OP['MSTORE']])
    code.extend(push(1, 0x40) + push(1, 0) + [OP['SHA3'], OP['SLOAD']])
    code.extend(push(1, 0) + [OP['MSTORE']] + push(1, 0x20) + push(1, 0) + [OP['RETURN']])
    L('decimals')
    code.extend(push(1, 18) + push(1, 0) + [OP['MSTORE']] + push(1, 0x20) + push(1, 0) + [OP['RETURN']])
    L('totalSupply')
    code.extend(push(1, 2) + [OP['SLOAD']] + push(1, 0) + [OP['MSTORE']] + push(1, 0x20) + push(1, 0) + [OP['RETURN']])
    L('symbol')
    # CODECOPY(destOffset=0, offset=DATA, size=96); RETURN(0, 96)
    code.extend(push(1, 96) + push(2, labels_pass.get('DATA', 0)) + push(1, 0) + [OP['CODECOPY']])
    code.extend(push(1, 96) + push(1, 0) + [OP['RETURN']])
    labels['DATA'] = len(code)
    data = (32).to_bytes(32, 'big') + (3).to_bytes(32, 'big') + b'TST'.ljust(32, b'\0')
    code.extend(data)
    return bytes(code), labels
_, labels = assemble({})
code, labels2 = assemble(labels)
assert labels == labels2
print('0x' + code.hex())
