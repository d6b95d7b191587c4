// move_append: move every element of one vector to the end of another.
#pragma once

#include <iterator>
#include <utility>
#include <vector>

namespace porwatch {

// Move `more` to the end of `all`. When `all` is empty it takes `more`'s buffer whole: loading
// the first of several address files must not hold a second buffer of a million entries while
// they move.
template <typename T> void move_append(std::vector<T>& all, std::vector<T>&& more)
{
    if (all.empty()) {
        all = std::move(more);
        return;
    }
    all.insert(all.end(), std::make_move_iterator(more.begin()), std::make_move_iterator(more.end()));
}

}  // namespace porwatch
