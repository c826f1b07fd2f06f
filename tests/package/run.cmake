# Installs the built thidua into a scratch prefix, then configures, builds and runs the
# consumer against it with find_package(thidua).
#   cmake -DBUILD_DIR=... -DSOURCE_DIR=... -DWORK_DIR=... -P run.cmake
file(REMOVE_RECURSE ${WORK_DIR})
execute_process(COMMAND ${CMAKE_COMMAND} --install ${BUILD_DIR} --prefix ${WORK_DIR}/prefix
                RESULT_VARIABLE status OUTPUT_QUIET)
if(status)
  message(FATAL_ERROR "install failed")
endif()
execute_process(COMMAND ${CMAKE_COMMAND} -S ${SOURCE_DIR}/tests/package -B ${WORK_DIR}/build -G Ninja
                        -DCMAKE_PREFIX_PATH=${WORK_DIR}/prefix RESULT_VARIABLE status)
if(status)
  message(FATAL_ERROR "configuring the consumer failed")
endif()
execute_process(COMMAND ${CMAKE_COMMAND} --build ${WORK_DIR}/build RESULT_VARIABLE status)
if(status)
  message(FATAL_ERROR "building the consumer failed")
endif()
execute_process(COMMAND ${WORK_DIR}/build/consumer ${SOURCE_DIR}/examples/an-giang-2026/policy.thidua
                        ${SOURCE_DIR}/examples/an-giang-2026/data.json
                RESULT_VARIABLE status OUTPUT_VARIABLE output)
if(status OR NOT output MATCHES "bang_khen: QLDT P012 P003\n")
  message(FATAL_ERROR "the consumer failed (${status}):\n${output}")
endif()
message(STATUS "${output}")
