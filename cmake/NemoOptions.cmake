# Build options and the compiler flags they imply.
option(NEMO_BUILD_OBS_PLUGIN "Build the OBS module (needs libobs, obs-frontend-api and Qt)" ON)
option(NEMO_BUILD_TESTS "Build the tests" ON)
option(NEMO_BUILD_BENCHMARKS "Build the benchmarks (Google Benchmark)" ON)
option(NEMO_WERROR "Treat warnings as errors (on in CI)" OFF)
option(NEMO_SANITIZE "Build every non-OBS target with ASan+UBSan (turns the OBS module off)" OFF)
option(NEMO_FUZZ "Build libFuzzer targets (needs clang)" OFF)

if(NEMO_SANITIZE AND NEMO_BUILD_OBS_PLUGIN)
  # A sanitized module cannot be loaded by an OBS that was not built with the
  # same runtime, so the sanitizer build covers everything but the module.
  message(STATUS "NEMO_SANITIZE: the OBS module is not built in a sanitizer build")
  set(NEMO_BUILD_OBS_PLUGIN OFF CACHE BOOL "" FORCE)
endif()

# nemo_warnings(<target>): the project's warning set, errors when NEMO_WERROR.
function(nemo_warnings target)
  if(CMAKE_CXX_COMPILER_ID MATCHES "GNU|Clang")
    target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor
                                             -Wold-style-cast -Wcast-align -Woverloaded-virtual
                                             -Wformat=2)
    # Not -Wnull-dereference: at -O2 GCC 12 reports false positives inside
    # libstdc++ (istreambuf_iterator, regex), which -Werror turns into failures.
    if(NEMO_WERROR)
      target_compile_options(${target} PRIVATE -Werror)
    endif()
  endif()
endfunction()

if(NEMO_SANITIZE)
  add_compile_options(-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
  add_link_options(-fsanitize=address,undefined)
  if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
    # ASan's instrumentation makes GCC 12 report -Wmaybe-uninitialized inside
    # libstdc++ (<regex>, std::function); the sanitizers check the real thing.
    add_compile_options(-Wno-maybe-uninitialized)
  endif()
endif()

if(NEMO_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID MATCHES "Clang")
    message(FATAL_ERROR "NEMO_FUZZ needs clang (configure with CC=clang CXX=clang++)")
  endif()
  add_compile_options(-fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer)
  add_link_options(-fsanitize=address,undefined)
  set(NEMO_BUILD_OBS_PLUGIN OFF CACHE BOOL "" FORCE)
endif()
