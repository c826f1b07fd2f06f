# ctest python.install: `cmake --install --component python` into a scratch DESTDIR, then
# `import thidua` from another directory with only that dist-packages on PYTHONPATH.
file(REMOVE_RECURSE ${SCRATCH})
file(MAKE_DIRECTORY ${SCRATCH}/elsewhere)
execute_process(COMMAND ${CMAKE_COMMAND} -E env DESTDIR=${SCRATCH}
                        ${CMAKE_COMMAND} --install ${BUILD_DIR} --component python
                RESULT_VARIABLE status)
if(NOT status EQUAL 0)
  message(FATAL_ERROR "cmake --install --component python failed: ${status}")
endif()
set(site ${SCRATCH}${PYTHON_DIR})
foreach(file _thidua __init__.py __init__.pyi py.typed)
  file(GLOB found ${site}/thidua/${file}*)
  if(NOT found)
    message(FATAL_ERROR "not installed: ${site}/thidua/${file}")
  endif()
endforeach()
set(script [=[
import sys, thidua
site = sys.argv[1]
assert thidua.__file__.startswith(site), thidua.__file__
policy = thidua.load(sys.argv[2])
assert policy.title.startswith("Phong trào thi đua"), policy.title
print("imported", thidua.__version__, "from", thidua.__file__)
]=])
execute_process(COMMAND ${CMAKE_COMMAND} -E env PYTHONPATH=${site} PYTHONNOUSERSITE=1
                        ${PYTHON} -c "${script}" ${site} ${POLICY}
                WORKING_DIRECTORY ${SCRATCH}/elsewhere
                RESULT_VARIABLE status)
if(NOT status EQUAL 0)
  message(FATAL_ERROR "import thidua from the installed package failed: ${status}")
endif()
