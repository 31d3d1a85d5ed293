# The two layouts OBS reads plugins from on Linux.
#
# system (component "system", part of a plain `cmake --install`), prefix /usr:
#   lib/<multiarch>/obs-plugins/obs-nemo-video.so
#   share/obs/obs-plugins/obs-nemo-video/{locale,...}
#   bin/nemo-local, bin/nemo-clip
# per user (component "user", excluded from a plain install), prefix
# ~/.config/obs-studio/plugins:
#   obs-nemo-video/bin/64bit/{obs-nemo-video.so,nemo-local,nemo-clip}
#   obs-nemo-video/data/{locale,...}
#   cmake --install build --component user --prefix ~/.config/obs-studio/plugins
#
# The module looks for nemo-local beside itself first (user layout), then in
# the system bindir it was configured with (NEMO_SYSTEM_BINDIR).
set(NEMO_SYSTEM_PLUGIN_DIR "${CMAKE_INSTALL_LIBDIR}/obs-plugins")
set(NEMO_SYSTEM_DATA_DIR "${CMAKE_INSTALL_DATADIR}/obs/obs-plugins/obs-nemo-video")
set(NEMO_USER_BIN_DIR "obs-nemo-video/bin/64bit")
set(NEMO_USER_DATA_DIR "obs-nemo-video/data")
set(NEMO_SYSTEM_BINDIR "${CMAKE_INSTALL_FULL_BINDIR}")

# nemo_install_program(<target>): a helper executable in both layouts.
function(nemo_install_program target)
  install(TARGETS ${target} RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR} COMPONENT system)
  install(TARGETS ${target} RUNTIME DESTINATION ${NEMO_USER_BIN_DIR} COMPONENT user EXCLUDE_FROM_ALL)
endfunction()

# nemo_install_data(<dir> <subdir>): a data folder in both layouts.
function(nemo_install_data dir subdir)
  install(DIRECTORY ${dir}/ DESTINATION ${NEMO_SYSTEM_DATA_DIR}/${subdir} COMPONENT system)
  install(DIRECTORY ${dir}/ DESTINATION ${NEMO_USER_DATA_DIR}/${subdir} COMPONENT user EXCLUDE_FROM_ALL)
endfunction()
