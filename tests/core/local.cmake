# The client against the real offline backend: every *_ltest.cpp here, one
# executable, label "local". Each test starts nemo-local through
# core::LocalBackend, with real photos and music from ci/fetch-test-media.sh.
set(NEMO_CORE_LTESTS
    client_local_ltest.cpp)
if(NEMO_CORE_LTESTS AND TARGET nemo-local AND TARGET nemo_test_support)
  nemo_gtest(nemo_core_local_tests SOURCES ${NEMO_CORE_LTESTS} LIBS nemo_core nemo_test_support
             nemo_render_testutil
             LABELS "integration;local")
  add_dependencies(nemo_core_local_tests nemo-local)
  # The beat tests make a click track and decode what comes back with tests/render's helpers.
  target_include_directories(nemo_core_local_tests PRIVATE ${PROJECT_SOURCE_DIR}/tests/render)
  target_compile_definitions(nemo_core_local_tests PRIVATE
    NEMO_LOCAL_PATH="$<TARGET_FILE:nemo-local>"
    NEMO_DEFAULT_TEST_MEDIA="${PROJECT_BINARY_DIR}/test-media")
endif()
