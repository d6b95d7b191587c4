// Integration probe: run the EVM scanner with the contract-wallet owner check on one address.
// usage: owner_check_probe URL CHAIN_ID ADDRESS  → one line: status has_code safe threshold owners
#include <iostream>
#include <string>

#include "porwatch/chain/scan.hpp"

int main(int argc, char** argv)
{
    using namespace porwatch;
    if (argc != 4) {
        std::cerr << "usage: owner_check_probe URL CHAIN_ID ADDRESS\n";
        return 2;
    }
    config::EvmChainConfig c;
    c.rpc_urls = {argv[1]};
    c.chain_id = std::stoull(argv[2]);
    c.confirmations = 0;
    const auto scan = chain::scan_evm_chain(c, {chain::EvmTarget{argv[3], true, {}}});
    std::cout << chain::to_string(scan.result.status);
    for (const auto& o : scan.owner_checks) {
        std::cout << " has_code=" << o.has_code << " safe=" << o.answers_safe << " threshold=" << o.threshold
                  << " owners=";
        for (const auto& owner : o.owners) std::cout << owner << ",";
        if (!o.error.empty()) std::cout << " error=" << o.error;
    }
    std::cout << (scan.result.error.empty() ? "" : " error=" + scan.result.error) << "\n";
    return 0;
}
