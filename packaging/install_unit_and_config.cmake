# install(SCRIPT): the unit and the example config, computed from the prefix in effect at
# install time (CMAKE_INSTALL_PREFIX here is the --prefix of `cmake --install`, or CPack's).
# Variables set by an install(CODE) just before this script: PORWATCH_UNIT_SOURCE,
# PORWATCH_CONFIG_SOURCE, PORWATCH_STAGING, PORWATCH_BINDIR, PORWATCH_SYSTEMD_UNIT_DIR.
if(IS_ABSOLUTE "${PORWATCH_BINDIR}")
  set(bindir "${PORWATCH_BINDIR}")
else()
  set(bindir "${CMAKE_INSTALL_PREFIX}/${PORWATCH_BINDIR}")
endif()
if(IS_ABSOLUTE "${PORWATCH_SYSTEMD_UNIT_DIR}")
  set(unitdir "${PORWATCH_SYSTEMD_UNIT_DIR}")
else()
  set(unitdir "${CMAKE_INSTALL_PREFIX}/${PORWATCH_SYSTEMD_UNIT_DIR}")
endif()
# The unit in the tree names /usr/bin/porwatch; the installed one names this prefix's binary.
file(READ "${PORWATCH_UNIT_SOURCE}" unit)
string(REPLACE "ExecStart=/usr/bin/porwatch " "ExecStart=${bindir}/porwatch " unit "${unit}")
if(NOT unit MATCHES "ExecStart=${bindir}/porwatch run --config /etc/porwatch/porwatch.conf")
  message(FATAL_ERROR "porwatch.service: ExecStart was not rewritten to ${bindir}/porwatch")
endif()
file(MAKE_DIRECTORY "${PORWATCH_STAGING}")
file(WRITE "${PORWATCH_STAGING}/porwatch.service" "${unit}")
file(INSTALL DESTINATION "${unitdir}" TYPE FILE PERMISSIONS OWNER_READ OWNER_WRITE GROUP_READ WORLD_READ
     FILES "${PORWATCH_STAGING}/porwatch.service")
# The unit reads /etc/porwatch/porwatch.conf: the standard prefixes put the example there.
if(CMAKE_INSTALL_PREFIX STREQUAL "/usr" OR CMAKE_INSTALL_PREFIX STREQUAL "/usr/local")
  set(confdir "/etc/porwatch")
else()
  set(confdir "${CMAKE_INSTALL_PREFIX}/etc/porwatch")
endif()
file(INSTALL DESTINATION "${confdir}" TYPE FILE PERMISSIONS OWNER_READ OWNER_WRITE GROUP_READ WORLD_READ
     FILES "${PORWATCH_CONFIG_SOURCE}")
