// Planted layering violations for the layering_planted test: compiled once per -DPLANT=N, each
// must make tests/layering/check_pure_link.sh fail. The text after each `PLANT == N //` names it.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>

#include "porwatch/util/read_file.hpp"

extern "C" void* curl_easy_init();

long porwatch_planted()
{
#if PLANT == 1  // a C file call (fopen)
    return std::fopen("/etc/hostname", "r") != nullptr;
#elif PLANT == 2  // a C++ file stream (std::ifstream)
    std::ifstream in("/etc/hostname");
    return in.good();
#elif PLANT == 3  // the clock (system_clock::now)
    return std::chrono::system_clock::now().time_since_epoch().count();
#elif PLANT == 4  // libcurl (curl_easy_init)
    return curl_easy_init() != nullptr;
#elif PLANT == 5  // a call into porwatch_io (read_whole_file)
    return porwatch::read_whole_file("/etc/hostname", "planted").ok();
#elif PLANT == 6  // an environment read (getenv)
    return std::getenv("HOME") != nullptr;
#else
    return 0;
#endif
}
