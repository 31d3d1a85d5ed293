# render_bench: workflow 1 at 1080p30 (five photos, Ken Burns, fades, music)
# timed against the x264-alone floor, FFmpeg's command-line recipe and MLT's
# melt, and against itself without beat cuts and framing, plus
# the peak RSS of a render with 4096x4096 inputs. Prints figures; not a test.
# Included (OPTIONAL) from tests/bench/CMakeLists.txt:
#   include(${CMAKE_CURRENT_SOURCE_DIR}/render.cmake OPTIONAL)
find_program(NEMO_BENCH_FFMPEG_CLI ffmpeg)
find_program(NEMO_BENCH_MELT melt)
add_executable(render_bench ${CMAKE_CURRENT_LIST_DIR}/render_bench.cpp)
target_link_libraries(render_bench PRIVATE nemo_render)
target_compile_definitions(render_bench PRIVATE
  NEMO_FFMPEG_CLI="${NEMO_BENCH_FFMPEG_CLI}"
  NEMO_MELT="$<$<BOOL:${NEMO_BENCH_MELT}>:${NEMO_BENCH_MELT}>"
  NEMO_TEST_MEDIA_DEFAULT="${PROJECT_BINARY_DIR}/test-media")
nemo_warnings(render_bench)
