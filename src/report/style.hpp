// The report's CSS, private to src/report.
#pragma once

namespace porwatch::report {

// Returns: the stylesheet inlined in the page's <style> (no external resources, no @import).
const char* stylesheet();

}  // namespace porwatch::report
