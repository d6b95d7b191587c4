// TextIndex: which element of a vector carries a given text (an address), private to
// src/snapshot. An open-addressing table of element indices: 4 bytes a slot and no node or
// copy of the text per element, where a std::map<std::string, std::size_t> costs a tree node
// and a heap string per address (about 150 bytes) and a string compare per level. The texts
// stay in the vector; the caller passes a function that reads element i's text.
//
// Thread-safety: a value; not safe to mutate from two threads.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string_view>
#include <utility>
#include <vector>

namespace porwatch::snapshot::detail {

class TextIndex {
public:
    // Returns: the index of the element whose text is `text`, or `fresh` (recorded as its
    // index) when there is none, and whether it was recorded. `text_of(i)` returns element
    // i's text for every index recorded before. Precondition: fresh < 2^32 - 1.
    template <typename TextOf>
    std::pair<std::size_t, bool> find_or_add(std::string_view text, std::size_t fresh, const TextOf& text_of)
    {
        // Keep the load at most 1/2, so that probes stay short.
        if ((m_count + 1) * 2 > m_slots.size()) grow(text_of);
        const std::size_t mask = m_slots.size() - 1;
        for (std::size_t slot = std::hash<std::string_view>{}(text)&mask;; slot = (slot + 1) & mask) {
            const std::uint32_t at = m_slots[slot];
            if (at == kEmpty) {
                m_slots[slot] = static_cast<std::uint32_t>(fresh);
                ++m_count;
                return {fresh, true};
            }
            if (std::string_view(text_of(at)) == text) return {at, false};
        }
    }

    // Returns: the index recorded for `text`, or nullopt.
    template <typename TextOf> std::optional<std::size_t> find(std::string_view text, const TextOf& text_of) const
    {
        if (m_slots.empty()) return std::nullopt;
        const std::size_t mask = m_slots.size() - 1;
        for (std::size_t slot = std::hash<std::string_view>{}(text)&mask;; slot = (slot + 1) & mask) {
            const std::uint32_t at = m_slots[slot];
            if (at == kEmpty) return std::nullopt;
            if (std::string_view(text_of(at)) == text) return at;
        }
    }

private:
    static constexpr std::uint32_t kEmpty = 0xffffffff;

    template <typename TextOf> void grow(const TextOf& text_of)
    {
        std::vector<std::uint32_t> old(m_slots.size() < 16 ? 32 : m_slots.size() * 2, kEmpty);
        old.swap(m_slots);
        const std::size_t mask = m_slots.size() - 1;
        for (const std::uint32_t at : old) {
            if (at == kEmpty) continue;
            std::size_t slot = std::hash<std::string_view>{}(std::string_view(text_of(at))) & mask;
            while (m_slots[slot] != kEmpty) slot = (slot + 1) & mask;
            m_slots[slot] = at;
        }
    }

    std::vector<std::uint32_t> m_slots;  // element index or kEmpty; size 0 or a power of two
    std::size_t m_count = 0;
};

}  // namespace porwatch::snapshot::detail
