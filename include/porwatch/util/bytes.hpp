// Byte containers shared by every module.
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <vector>

namespace porwatch {

using Bytes = std::vector<std::uint8_t>;
using ByteView = std::span<const std::uint8_t>;
using Hash256 = std::array<std::uint8_t, 32>;
using Hash160 = std::array<std::uint8_t, 20>;

}  // namespace porwatch
