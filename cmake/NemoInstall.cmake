# The two layouts OBS reads plugins from on Linux.
# SPDX-License-Identifier: GPL-2.0-or-later
#
# system (component "system", part of a plain `cmake --install`, and the .deb
# of cmake/NemoPackage.cmake), prefix /usr:
#   lib/<multiarch>/obs-plugins/obs-nemo-video.so
#   share/obs/obs-plugins/obs-nemo-video/{locale/*.ini,manifest.json}
#   bin/nemo-local, bin/nemo-clip
# per user (component "user", excluded from a plain install), prefix
# ~/.config/obs-studio/plugins:
#   obs-nemo-video/bin/64bit/{obs-nemo-video.so,nemo-local,nemo-clip}
#   obs-nemo-video/data/{locale/*.ini,manifest.json}
#   cmake --install build --component user --prefix ~/.config/obs-studio/plugins
#
# The module's data folder is the source tree's data/ (OBS looks up
# <data folder>/locale/<language>.ini) plus the generated manifest.json that
# OBS 32's plugin manager reads from the data folder.
#
# The module looks for nemo-local beside itself first (user layout), then in
# the system bindir it was configured with (NEMO_SYSTEM_BINDIR).
set(NEMO_SYSTEM_PLUGIN_DIR "${CMAKE_INSTALL_LIBDIR}/obs-plugins")
set(NEMO_SYSTEM_DATA_DIR "${CMAKE_INSTALL_DATADIR}/obs/obs-plugins/${PROJECT_NAME}")
set(NEMO_USER_BIN_DIR "${PROJECT_NAME}/bin/64bit")
set(NEMO_USER_DATA_DIR "${PROJECT_NAME}/data")
set(NEMO_SYSTEM_BINDIR "${CMAKE_INSTALL_FULL_BINDIR}")

# nemo_install_program(<target>): a helper executable in both layouts.
function(nemo_install_program target)
  install(TARGETS ${target} RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR} COMPONENT system)
  install(TARGETS ${target} RUNTIME DESTINATION ${NEMO_USER_BIN_DIR} COMPONENT user EXCLUDE_FROM_ALL)
endfunction()

# nemo_install_data_dir(<dir>): the contents of <dir> as the module's data folder, both layouts.
function(nemo_install_data_dir dir)
  install(DIRECTORY ${dir}/ DESTINATION ${NEMO_SYSTEM_DATA_DIR} COMPONENT system)
  install(DIRECTORY ${dir}/ DESTINATION ${NEMO_USER_DATA_DIR} COMPONENT user EXCLUDE_FROM_ALL)
endfunction()

# nemo_install_data_files(<file>...): files at the top of the module's data folder, both layouts.
function(nemo_install_data_files)
  install(FILES ${ARGN} DESTINATION ${NEMO_SYSTEM_DATA_DIR} COMPONENT system)
  install(FILES ${ARGN} DESTINATION ${NEMO_USER_DATA_DIR} COMPONENT user EXCLUDE_FROM_ALL)
endfunction()
