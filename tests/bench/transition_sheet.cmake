# transition_sheet: contact sheets (PNG) of every transition look and camera
# move between real photos, and the per-look render cost at 1080p against
# "fade" and against a plain still frame. Prints figures; asserts nothing.
# Included (OPTIONAL) from tests/bench/CMakeLists.txt:
#   include(${CMAKE_CURRENT_SOURCE_DIR}/transition_sheet.cmake OPTIONAL)
#   cmake --build <build> --target transition_sheet
#   <build>/tests/bench/transition_sheet [media-dir] --out DIR
# The ctest is labelled bench only (`ctest -L bench`; CI's `-LE bench` skips
# it); skipped (77) without ci/fetch-test-media.sh's photos.
add_executable(transition_sheet ${CMAKE_CURRENT_LIST_DIR}/transition_sheet.cpp)
target_link_libraries(transition_sheet PRIVATE nemo_render)
target_compile_definitions(transition_sheet PRIVATE
  NEMO_TEST_MEDIA_DEFAULT="${PROJECT_BINARY_DIR}/test-media")
nemo_warnings(transition_sheet)
add_test(NAME bench.transition_sheet
         COMMAND transition_sheet --out ${CMAKE_BINARY_DIR}/test-artifacts/transition-sheets)
set_tests_properties(bench.transition_sheet PROPERTIES
  LABELS bench TIMEOUT 600 SKIP_RETURN_CODE 77)
