# Runs the thidua command and checks its exit status and, exactly, what it wrote to stderr.
#   cmake -DCOMMAND="exe;arg;..." -DEXPECT_STATUS=1 -DEXPECT_STDERR=file -P cli_expect.cmake
execute_process(COMMAND ${COMMAND} RESULT_VARIABLE status ERROR_VARIABLE stderr OUTPUT_QUIET)
if(NOT status EQUAL EXPECT_STATUS)
  message(FATAL_ERROR "exit status ${status}, expected ${EXPECT_STATUS}; stderr:\n${stderr}")
endif()
if(EXPECT_STDERR)
  file(READ ${EXPECT_STDERR} expected)
  if(NOT stderr STREQUAL expected)
    message(FATAL_ERROR "stderr differs.\n--- expected\n${expected}--- actual\n${stderr}")
  endif()
endif()
