# Reads buildspec.json, the one source of the plugin's name, version and identity.
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Included before project(), which takes its name and version from here (as
# obsproject/obs-plugintemplate does). Sets:
#   NEMO_NAME, NEMO_DISPLAY_NAME, NEMO_VERSION, NEMO_AUTHOR, NEMO_WEBSITE,
#   NEMO_EMAIL, NEMO_DESCRIPTION, NEMO_LONG_DESCRIPTION
get_filename_component(NEMO_BUILDSPEC "${CMAKE_CURRENT_LIST_DIR}/../buildspec.json" ABSOLUTE)
set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS "${NEMO_BUILDSPEC}")
file(READ "${NEMO_BUILDSPEC}" _nemo_buildspec)

foreach(_field IN ITEMS name:NAME displayName:DISPLAY_NAME version:VERSION author:AUTHOR
                        website:WEBSITE email:EMAIL description:DESCRIPTION
                        longDescription:LONG_DESCRIPTION)
  string(REPLACE ":" ";" _pair "${_field}")
  list(GET _pair 0 _key)
  list(GET _pair 1 _var)
  string(JSON NEMO_${_var} ERROR_VARIABLE _error GET "${_nemo_buildspec}" ${_key})
  if(_error OR NEMO_${_var} STREQUAL "")
    message(FATAL_ERROR "buildspec.json: no '${_key}' (${_error})")
  endif()
endforeach()

if(NOT NEMO_VERSION MATCHES "^[0-9]+\\.[0-9]+\\.[0-9]+$")
  message(FATAL_ERROR "buildspec.json: version '${NEMO_VERSION}' is not MAJOR.MINOR.PATCH")
endif()
if(NOT NEMO_NAME MATCHES "^[a-z0-9][a-z0-9.+-]+$")
  message(FATAL_ERROR "buildspec.json: name '${NEMO_NAME}' is not a valid module/package name")
endif()
unset(_nemo_buildspec)

# nemo_json_string(<out> <value>): <value> as a quoted JSON string.
function(nemo_json_string out value)
  string(REPLACE "\\" "\\\\" value "${value}")
  string(REPLACE "\"" "\\\"" value "${value}")
  string(REPLACE "\n" "\\n" value "${value}")
  string(REPLACE "\t" "\\t" value "${value}")
  set(${out} "\"${value}\"" PARENT_SCOPE)
endfunction()
