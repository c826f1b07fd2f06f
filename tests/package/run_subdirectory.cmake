# Configures, builds and runs tests/package/subdirectory, which builds thidua itself with
# add_subdirectory, and checks it prints what the installed-package consumer prints.
#   cmake -DSOURCE_DIR=... -DWORK_DIR=... [-DLAUNCHER=ccache] [-DBUILD_TYPE=...] -P run_subdirectory.cmake
set(args -S ${SOURCE_DIR}/tests/package/subdirectory -B ${WORK_DIR} -G Ninja -DTHIDUA_SOURCE_DIR=${SOURCE_DIR})
if(LAUNCHER)
  list(APPEND args -DCMAKE_CXX_COMPILER_LAUNCHER=${LAUNCHER})
endif()
if(BUILD_TYPE)
  list(APPEND args -DCMAKE_BUILD_TYPE=${BUILD_TYPE})
endif()
execute_process(COMMAND ${CMAKE_COMMAND} ${args} RESULT_VARIABLE status)
if(status)
  message(FATAL_ERROR "configuring the add_subdirectory consumer failed")
endif()
execute_process(COMMAND ${CMAKE_COMMAND} --build ${WORK_DIR} -j2 RESULT_VARIABLE status)
if(status)
  message(FATAL_ERROR "building the add_subdirectory consumer failed")
endif()
# A parent project gets the library only: not thidua's tests, nor its CLI (turned off above).
if(EXISTS ${WORK_DIR}/thidua/tests OR EXISTS ${WORK_DIR}/thidua/thidua)
  message(FATAL_ERROR "add_subdirectory built more of thidua than its library")
endif()
execute_process(COMMAND ${WORK_DIR}/consumer ${SOURCE_DIR}/examples/an-giang-2026/policy.thidua
                        ${SOURCE_DIR}/examples/an-giang-2026/data.json
                RESULT_VARIABLE status OUTPUT_VARIABLE output)
if(status OR NOT output MATCHES "bang_khen: QLDT P012 P003\n")
  message(FATAL_ERROR "the add_subdirectory consumer failed (${status}):\n${output}")
endif()
message(STATUS "${output}")
