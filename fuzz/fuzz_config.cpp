// Fuzz the config parser (config/config.hpp) on any text, as load_config() would hand it a
// file's bytes. It must return a Config or an Error naming the line, never crash or hang; a
// config that parses must also yield its assets (configured_assets reads every section).
#include <cstddef>
#include <cstdint>
#include <string>

#include "fuzz_check.hpp"
#include "porwatch/config/config.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const auto text = porwatch::fuzz::as_text(data, size);
    const auto config = porwatch::config::parse_config(text, "fuzz.conf");
    if (config.ok()) {
        for (const auto& asset : porwatch::config::configured_assets(*config)) FUZZ_CHECK(!asset.symbol.empty());
    } else {
        // Errors say where: "fuzz.conf…". A message without the file would leave a user guessing.
        FUZZ_CHECK(config.error().message.find("fuzz.conf") != std::string::npos);
    }
    return 0;
}
