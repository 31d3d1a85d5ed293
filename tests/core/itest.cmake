# Integration tests of core against the fake server (tests/support): every
# *_itest.cpp here, one executable, label "integration". Included from
# tests/core/CMakeLists.txt.
file(GLOB NEMO_CORE_ITESTS CONFIGURE_DEPENDS ${CMAKE_CURRENT_LIST_DIR}/*_itest.cpp)
if(NEMO_CORE_ITESTS AND TARGET nemo_test_support)
  nemo_gtest(nemo_core_itests SOURCES ${NEMO_CORE_ITESTS} LIBS nemo_core nemo_test_support LABELS integration)
endif()
