# Every dependency, found the standard way. Targets only: nothing here adds
# global include paths or flags.
find_package(Threads REQUIRED)
find_package(PkgConfig REQUIRED)
find_package(CURL REQUIRED)
find_package(nlohmann_json 3.9 REQUIRED)

pkg_check_modules(FFMPEG REQUIRED IMPORTED_TARGET
                  libavformat libavcodec libavfilter libavutil libswscale libswresample)
# HEIC decoding in the renderer; optional so that a machine without libheif
# still builds (HEIC inputs then get a clear "unsupported" error).
pkg_check_modules(LIBHEIF IMPORTED_TARGET libheif)
pkg_check_modules(FREETYPE IMPORTED_TARGET freetype2)
# The renderer's looks: aubio finds the beats a video cuts on.
pkg_check_modules(AUBIO REQUIRED IMPORTED_TARGET aubio)

# cpp-httplib: Debian ships a compiled library with a pkg-config file; other
# systems ship a CMake package or the header alone.
find_package(httplib CONFIG QUIET)
if(TARGET httplib::httplib)
  set(NEMO_HTTPLIB httplib::httplib)
else()
  pkg_check_modules(CPPHTTPLIB REQUIRED IMPORTED_TARGET cpp-httplib)
  set(NEMO_HTTPLIB PkgConfig::CPPHTTPLIB)
  # Built with TLS, the header's inline code calls OpenSSL itself (0.18+:
  # OPENSSL_thread_stop), and pkg-config lists OpenSSL only as a private
  # requirement of the library: every user links it.
  if(CPPHTTPLIB_CFLAGS MATCHES "CPPHTTPLIB_OPENSSL_SUPPORT")
    find_package(OpenSSL REQUIRED)
    target_link_libraries(PkgConfig::CPPHTTPLIB INTERFACE OpenSSL::SSL OpenSSL::Crypto)
  endif()
endif()

if(NEMO_BUILD_TESTS)
  find_package(GTest REQUIRED)
  if(NEMO_BUILD_BENCHMARKS)
    find_package(benchmark QUIET)
    if(NOT benchmark_FOUND)
      message(STATUS "Google Benchmark not found: benchmarks are not built")
      set(NEMO_BUILD_BENCHMARKS OFF)
    endif()
  endif()
endif()

if(NEMO_BUILD_OBS_PLUGIN)
  find_package(libobs REQUIRED)
  find_package(obs-frontend-api REQUIRED)
  include(NemoQt)
endif()
