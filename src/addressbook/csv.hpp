// The CSV reader and text helpers of the address-book layouts: util/csv.hpp, under the names
// the addressbook sources use. Internal to src/addressbook.
#pragma once

#include "porwatch/util/csv.hpp"

namespace porwatch::addressbook::detail {

using csv::CsvRecord;
using csv::is_sentinel;
using csv::located_error;
using csv::lower;
using csv::parse_u64;
using csv::read_csv;
using csv::trim;
using csv::upper;

}  // namespace porwatch::addressbook::detail
