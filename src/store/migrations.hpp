// The schema migrations compiled into the binary (generated from schema/NNN_name.sql by
// schema/embed_migrations.cmake at build time). Private to src/store.
#pragma once

#include <span>
#include <string_view>

namespace porwatch::store::detail {

struct EmbeddedMigration {
    int version;  // NNN of the file name; contiguous from 1
    std::string_view name;  // "001_history.sql"
    std::string_view sql;
};

// Returns: every migration, in version order.
std::span<const EmbeddedMigration> embedded_migrations();

}  // namespace porwatch::store::detail
