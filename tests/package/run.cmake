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

# The same program built with pkg-config instead of CMake.
find_program(PKG_CONFIG pkg-config REQUIRED)
file(GLOB_RECURSE pc_file ${WORK_DIR}/prefix/*/thidua.pc)
get_filename_component(pc_dir "${pc_file}" DIRECTORY)
set(ENV{PKG_CONFIG_PATH} "${pc_dir}")
execute_process(COMMAND ${PKG_CONFIG} --cflags --libs --static thidua OUTPUT_VARIABLE flags RESULT_VARIABLE status
                OUTPUT_STRIP_TRAILING_WHITESPACE)
if(status)
  message(FATAL_ERROR "pkg-config does not know thidua")
endif()
separate_arguments(flags UNIX_COMMAND "${flags}")
execute_process(COMMAND c++ ${SOURCE_DIR}/tests/package/consumer.cpp -o ${WORK_DIR}/consumer-pc ${flags}
                RESULT_VARIABLE status)
if(status)
  message(FATAL_ERROR "building the consumer with pkg-config flags failed: ${flags}")
endif()
execute_process(COMMAND ${WORK_DIR}/consumer-pc ${SOURCE_DIR}/examples/an-giang-2026/policy.thidua
                        ${SOURCE_DIR}/examples/an-giang-2026/data.json
                RESULT_VARIABLE status OUTPUT_VARIABLE output_pc)
if(status OR NOT output_pc STREQUAL output)
  message(FATAL_ERROR "the pkg-config consumer differs (${status}):\n${output_pc}")
endif()
