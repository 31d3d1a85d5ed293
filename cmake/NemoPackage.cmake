# The .deb (CPack): the system layout of cmake/NemoInstall.cmake, one package per OBS major.
# SPDX-License-Identifier: GPL-2.0-or-later
#
#   cpack --config build/CPackConfig.cmake     (or: bash ci/package.sh build)
#
# Only the "system" component goes in (the module, its data folder, nemo-local
# and nemo-clip, the copyright file): no per-user copy, no test binary, no
# benchmark. The build must be configured with CMAKE_INSTALL_PREFIX=/usr (the
# presets do): GNUInstallDirs gives the multiarch lib/<triplet>/ only for /usr,
# and the module looks for nemo-local in the bindir of that prefix.
#
# Dependencies: dpkg-shlibdeps (dpkg-dev) computes the shared libraries' ones
# (libobs, Qt, FFmpeg, libcurl, ...); the module's ABI is per OBS major, so the
# package also depends on obs-studio >= the major.minor built against and < the
# next major, and carries that major in its version and file name:
#   obs-nemo-video_0.1.0-1+obs29_amd64.deb
set(NEMO_PACKAGE_RELEASE "1" CACHE STRING "Debian revision of the .deb (before +obsNN)")

set(CPACK_GENERATOR "DEB")
set(CPACK_PACKAGE_NAME "${PROJECT_NAME}")
set(CPACK_PACKAGE_VERSION "${PROJECT_VERSION}")
set(CPACK_PACKAGE_VENDOR "${NEMO_AUTHOR}")
set(CPACK_PACKAGE_CONTACT "${NEMO_AUTHOR} <${NEMO_EMAIL}>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "${NEMO_DESCRIPTION}")
# The long description, wrapped to 72 columns as Debian's control files want.
string(REPLACE ";" "<semicolon>" _nemo_words "${NEMO_LONG_DESCRIPTION}")
string(REGEX REPLACE " +" ";" _nemo_words "${_nemo_words}")
set(_nemo_line "")
set(CPACK_PACKAGE_DESCRIPTION "")
foreach(_word IN LISTS _nemo_words)
  string(LENGTH "${_nemo_line} ${_word}" _nemo_len)
  if(_nemo_line STREQUAL "")
    set(_nemo_line "${_word}")
  elseif(_nemo_len GREATER 72)
    string(APPEND CPACK_PACKAGE_DESCRIPTION "${_nemo_line}\n")
    set(_nemo_line "${_word}")
  else()
    string(APPEND _nemo_line " ${_word}")
  endif()
endforeach()
string(APPEND CPACK_PACKAGE_DESCRIPTION "${_nemo_line}")
string(REPLACE "<semicolon>" ";" CPACK_PACKAGE_DESCRIPTION "${CPACK_PACKAGE_DESCRIPTION}")
set(CPACK_PACKAGE_HOMEPAGE_URL "${NEMO_WEBSITE}")
set(CPACK_PACKAGE_DIRECTORY "${PROJECT_BINARY_DIR}/packages")
set(CPACK_PACKAGING_INSTALL_PREFIX "/usr")
set(CPACK_STRIP_FILES ON)  # the debug info stays in the build tree
set(CPACK_INSTALL_DEFAULT_DIRECTORY_PERMISSIONS
    OWNER_READ OWNER_WRITE OWNER_EXECUTE GROUP_READ GROUP_EXECUTE WORLD_READ WORLD_EXECUTE)

# One package from the one component.
set(CPACK_DEB_COMPONENT_INSTALL ON)
set(CPACK_COMPONENTS_ALL system)
set(CPACK_COMPONENTS_GROUPING ALL_COMPONENTS_IN_ONE)

set(CPACK_DEBIAN_PACKAGE_SECTION "video")
set(CPACK_DEBIAN_PACKAGE_PRIORITY "optional")
set(CPACK_DEBIAN_PACKAGE_MAINTAINER "${NEMO_AUTHOR} <${NEMO_EMAIL}>")
set(CPACK_DEBIAN_PACKAGE_HOMEPAGE "${NEMO_WEBSITE}")
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_GENERATE_SHLIBS OFF)  # nothing links against a plugin
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
set(CPACK_DEBIAN_FILE_NAME "DEB-DEFAULT")  # <name>_<version>-<release>_<arch>.deb

if(NEMO_BUILD_OBS_PLUGIN)
  # libobs_VERSION is "29.0.2": the package is for that major, from that minor on.
  string(REGEX MATCH "^([0-9]+)\\.([0-9]+)" _nemo_obs_mm "${libobs_VERSION}")
  set(_nemo_obs_major "${CMAKE_MATCH_1}")
  math(EXPR _nemo_obs_next "${_nemo_obs_major} + 1")
  set(CPACK_DEBIAN_PACKAGE_RELEASE "${NEMO_PACKAGE_RELEASE}+obs${_nemo_obs_major}")
  set(CPACK_DEBIAN_PACKAGE_DEPENDS "obs-studio (>= ${_nemo_obs_mm}), obs-studio (<< ${_nemo_obs_next}~)")
  set(CPACK_DEBIAN_PACKAGE_ENHANCES "obs-studio")
  # Data files the renderer reads when present: the face model that frames
  # pictures (without it, crops follow the pictures' detail only) and the CJK font
  # of Chinese titles.
  set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "opencv-data, fonts-noto-cjk")
else()
  # Without the module there is nothing for OBS to load: cpack refuses (see below).
  set(CPACK_DEBIAN_PACKAGE_RELEASE "${NEMO_PACKAGE_RELEASE}")
endif()

# Debian's copyright file (machine-readable format), with the license.
configure_file(${CMAKE_CURRENT_LIST_DIR}/copyright.in ${PROJECT_BINARY_DIR}/package/copyright @ONLY)
install(FILES ${PROJECT_BINARY_DIR}/package/copyright
        DESTINATION ${CMAKE_INSTALL_DOCDIR} COMPONENT system)

# Checked when cpack runs (not at configure time, so that any build still
# configures): a package of a tree that would not work installed is refused.
set(NEMO_PACKAGE_INSTALL_PREFIX "${CMAKE_INSTALL_PREFIX}")
if(NEMO_BUILD_OBS_PLUGIN)
  set(NEMO_PACKAGE_HAS_MODULE 1)
else()
  set(NEMO_PACKAGE_HAS_MODULE 0)
endif()
configure_file(${CMAKE_CURRENT_LIST_DIR}/NemoCPackChecks.cmake.in
               ${PROJECT_BINARY_DIR}/package/NemoCPackChecks.cmake @ONLY)
set(CPACK_PROJECT_CONFIG_FILE ${PROJECT_BINARY_DIR}/package/NemoCPackChecks.cmake)

include(CPack)
