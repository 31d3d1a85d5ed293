# net_bench: peak RSS of a 500 MB upload and download over loopback through the
# fake server, and the render-completed -> delivered latency. Prints figures;
# not a test. Included (OPTIONAL) from tests/bench/CMakeLists.txt:
#   include(${CMAKE_CURRENT_SOURCE_DIR}/net.cmake OPTIONAL)
if(TARGET nemo_test_support)
  add_executable(net_bench ${CMAKE_CURRENT_LIST_DIR}/net_bench.cpp)
  target_link_libraries(net_bench PRIVATE nemo_core nemo_test_support)
  nemo_warnings(net_bench)
endif()
