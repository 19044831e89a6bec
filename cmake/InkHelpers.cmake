# ink_add_stage(NAME SOURCES ... [DEPS ...] [TESTS ...] [MAIN main.cc])
# Makes the stage library ink_<NAME> (no sockets in it), the daemon
# ink-<NAME> from MAIN on the shared runner, and the test binary
# <NAME>_test from TESTS.
function(ink_add_stage NAME)
  cmake_parse_arguments(ARG "" "MAIN" "SOURCES;DEPS;TESTS" ${ARGN})
  add_library(ink_${NAME} STATIC ${ARG_SOURCES})
  target_link_libraries(ink_${NAME} PUBLIC ink_common ${ARG_DEPS})
  if(ARG_MAIN)
    add_executable(ink-${NAME} ${ARG_MAIN})
    target_link_libraries(ink-${NAME} PRIVATE ink_${NAME} ink_runner)
  endif()
  if(INK_BUILD_TESTS AND ARG_TESTS)
    ink_add_test(${NAME}_test SOURCES ${ARG_TESTS} DEPS ink_${NAME})
  endif()
endfunction()

# ink_add_test(NAME SOURCES ... DEPS ...): one GoogleTest binary.
function(ink_add_test NAME)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS" ${ARGN})
  add_executable(${NAME} ${ARG_SOURCES})
  target_link_libraries(${NAME} PRIVATE ${ARG_DEPS} ink_testing GTest::gtest GTest::gmock GTest::gtest_main)
  set_target_properties(${NAME} PROPERTIES RUNTIME_OUTPUT_DIRECTORY ${CMAKE_BINARY_DIR}/tests)
  # Where tests find the daemons and their fixtures; $INK_BIN_DIR and
  # $INK_SOURCE_DIR override these (common/testing/temp_dir.h).
  target_compile_definitions(${NAME} PRIVATE
    INK_TEST_BIN_DIR="${CMAKE_BINARY_DIR}/bin" INK_TEST_SOURCE_DIR="${CMAKE_SOURCE_DIR}")
  gtest_discover_tests(${NAME} DISCOVERY_MODE PRE_TEST)
endfunction()
