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
# ... and OpenCV frames pictures on their faces (core, imgproc, objdetect).
# Debian's split -dev packages ship neither OpenCVConfig.cmake nor a .pc file
# (libopencv-dev has them, with every module): found by name then.
find_package(OpenCV QUIET COMPONENTS core imgproc objdetect)
add_library(NemoOpenCV INTERFACE)
if(OpenCV_FOUND)
  target_include_directories(NemoOpenCV SYSTEM INTERFACE ${OpenCV_INCLUDE_DIRS})
  target_link_libraries(NemoOpenCV INTERFACE ${OpenCV_LIBS})
else()
  find_path(NEMO_OPENCV_INCLUDE_DIR opencv2/objdetect.hpp PATH_SUFFIXES opencv4)
  find_library(NEMO_OPENCV_CORE opencv_core)
  find_library(NEMO_OPENCV_IMGPROC opencv_imgproc)
  find_library(NEMO_OPENCV_OBJDETECT opencv_objdetect)
  if(NOT NEMO_OPENCV_INCLUDE_DIR OR NOT NEMO_OPENCV_CORE OR NOT NEMO_OPENCV_IMGPROC
     OR NOT NEMO_OPENCV_OBJDETECT)
    message(FATAL_ERROR "obs-nemo-video: OpenCV (core, imgproc, objdetect) not found: "
                        "bash ci/install-deps.sh installs libopencv-objdetect-dev")
  endif()
  target_include_directories(NemoOpenCV SYSTEM INTERFACE ${NEMO_OPENCV_INCLUDE_DIR})
  target_link_libraries(NemoOpenCV INTERFACE ${NEMO_OPENCV_OBJDETECT} ${NEMO_OPENCV_IMGPROC}
                                             ${NEMO_OPENCV_CORE})
endif()

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
