# Integration tests of core against the fake server (tests/support): every
# *_itest.cpp here, one executable, label "integration". Included from
# tests/core/CMakeLists.txt.
set(NEMO_CORE_ITESTS
    auth_itest.cpp chat_itest.cpp download_itest.cpp export_itest.cpp http_itest.cpp
    upload_itest.cpp workflow_itest.cpp)
if(NEMO_CORE_ITESTS AND TARGET nemo_test_support)
  nemo_gtest(nemo_core_itests SOURCES ${NEMO_CORE_ITESTS} LIBS nemo_core nemo_test_support LABELS integration)
endif()
