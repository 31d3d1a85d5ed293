# Qt's major version must be the one the OBS we build for was built with:
# a plugin that loads Qt6 into a Qt5 OBS (Debian's OBS 29) crashes it.
# OBS 30 moved to Qt6 on every platform; 29 and older are Qt5 builds.
#
# NEMO_QT_VERSION: AUTO (from libobs's version), 5 or 6. An explicit value that
# disagrees with the OBS found stops the configure with the reason.
set(NEMO_QT_VERSION "AUTO" CACHE STRING "Qt major version for the OBS module: AUTO, 5 or 6")
set_property(CACHE NEMO_QT_VERSION PROPERTY STRINGS AUTO 5 6)

if(NOT libobs_VERSION)
  message(FATAL_ERROR "libobs was found without a version; cannot choose Qt's major version. "
                      "Set NEMO_QT_VERSION only if you know which Qt your OBS uses.")
endif()
string(REGEX MATCH "^[0-9]+" NEMO_OBS_MAJOR "${libobs_VERSION}")
if(NEMO_OBS_MAJOR GREATER_EQUAL 30)
  set(_nemo_obs_qt 6)
else()
  set(_nemo_obs_qt 5)
endif()

if(NEMO_QT_VERSION STREQUAL "AUTO")
  set(NEMO_QT_MAJOR ${_nemo_obs_qt})
elseif(NEMO_QT_VERSION MATCHES "^[56]$")
  if(NOT NEMO_QT_VERSION EQUAL _nemo_obs_qt)
    message(FATAL_ERROR
      "NEMO_QT_VERSION=${NEMO_QT_VERSION} does not match OBS ${libobs_VERSION}, which is a "
      "Qt${_nemo_obs_qt} build. A plugin linking Qt${NEMO_QT_VERSION} would crash this OBS. "
      "Use NEMO_QT_VERSION=AUTO (or ${_nemo_obs_qt}), or build against an OBS made with "
      "Qt${NEMO_QT_VERSION}.")
  endif()
  set(NEMO_QT_MAJOR ${NEMO_QT_VERSION})
else()
  message(FATAL_ERROR "NEMO_QT_VERSION must be AUTO, 5 or 6 (got '${NEMO_QT_VERSION}')")
endif()

find_package(Qt${NEMO_QT_MAJOR} COMPONENTS Widgets QUIET)
if(NOT Qt${NEMO_QT_MAJOR}Widgets_FOUND)
  message(FATAL_ERROR "OBS ${libobs_VERSION} is a Qt${NEMO_QT_MAJOR} build, but Qt${NEMO_QT_MAJOR} "
                      "Widgets was not found. On Debian/Ubuntu: apt-get install "
                      "qtbase5-dev (Qt5) or qt6-base-dev (Qt6).")
endif()
set(NEMO_QT_WIDGETS Qt${NEMO_QT_MAJOR}::Widgets)
message(STATUS "OBS ${libobs_VERSION}: building the module with Qt${NEMO_QT_MAJOR}")
