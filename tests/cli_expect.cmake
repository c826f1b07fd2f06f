# Runs the thidua command and checks its exit status and, exactly, what it wrote to stderr
# and, when EXPECT_STDOUT is given, to stdout.
#   cmake -DCOMMAND="exe;arg;..." -DEXPECT_STATUS=1 -DEXPECT_STDERR=file [-DEXPECT_STDOUT=file] -P cli_expect.cmake
execute_process(COMMAND ${COMMAND} RESULT_VARIABLE status ERROR_VARIABLE stderr OUTPUT_VARIABLE stdout)
if(NOT status EQUAL EXPECT_STATUS)
  message(FATAL_ERROR "exit status ${status}, expected ${EXPECT_STATUS}; stderr:\n${stderr}")
endif()
if(EXPECT_STDERR)
  file(READ ${EXPECT_STDERR} expected)
  if(NOT stderr STREQUAL expected)
    message(FATAL_ERROR "stderr differs.\n--- expected\n${expected}--- actual\n${stderr}")
  endif()
endif()
if(EXPECT_STDOUT)
  file(READ ${EXPECT_STDOUT} expected)
  if(NOT stdout STREQUAL expected)
    message(FATAL_ERROR "stdout differs.\n--- expected\n${expected}--- actual\n${stdout}")
  endif()
endif()
