# `thidua test --junit FILE` on the failing sample cases: exit 1, and FILE is well-formed XML
# with one <testcase> per case and a <failure> for each failed one.
#   cmake -DTHIDUA=exe -DPYTHON=python3 -DOUT=file -P cases_junit.cmake
file(REMOVE ${OUT})
execute_process(COMMAND ${THIDUA} test examples/an-giang-2026/policy.thidua tests/data/cases/failing.yaml
                        --junit ${OUT} RESULT_VARIABLE status OUTPUT_QUIET)
if(NOT status EQUAL 1)
  message(FATAL_ERROR "exit status ${status}, expected 1")
endif()
execute_process(COMMAND ${PYTHON} -c [[
import sys, xml.etree.ElementTree as ET
root = ET.parse(sys.argv[1]).getroot()
cases = root.findall("./testsuite/testcase")
failed = [c.get("name") for c in cases if c.find("failure") is not None]
print(root.tag, root.get("tests"), root.get("failures"), len(cases), len(failed), failed[0])
]] ${OUT} RESULT_VARIABLE status OUTPUT_VARIABLE summary ERROR_VARIABLE error)
if(NOT status EQUAL 0)
  message(FATAL_ERROR "${OUT} is not well-formed XML: ${error}")
endif()
set(expected "testsuites 6 5 6 5 The author forgot the title and the 20% cap\n")
if(NOT summary STREQUAL expected)
  message(FATAL_ERROR "JUnit counts differ.\n--- expected\n${expected}--- actual\n${summary}")
endif()
