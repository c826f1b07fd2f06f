"""`thidua run -o FILE` and `thidua report -o FILE`: an existing result is replaced by a new
file (src/cli/output_file.hpp), keeping its permissions; links are written through; a run that
fails leaves the old file as it was."""

import json
import os
import stat

import pytest

from conftest import EXAMPLE

POLICY = EXAMPLE / "policy.thidua"
DATA = EXAMPLE / "data.json"


@pytest.fixture(scope="module")
def expected(thidua):
    return thidua("run", POLICY, DATA).stdout


def test_a_new_file_is_made(thidua, expected, tmp_path):
    path = tmp_path / "result.json"
    thidua("run", POLICY, DATA, "-o", path)
    assert path.read_text(encoding="utf-8") == expected
    assert os.listdir(tmp_path) == ["result.json"]


def test_an_old_result_is_replaced_with_its_permissions_and_nothing_left_beside(thidua, expected, tmp_path):
    path = tmp_path / "result.json"
    path.write_text("an older result, longer than nothing\n" * 1000, encoding="utf-8")
    path.chmod(0o640)
    old_inode = path.stat().st_ino
    thidua("run", POLICY, DATA, "-o", path)
    assert path.read_text(encoding="utf-8") == expected
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert path.stat().st_ino != old_inode  # a new file, not the old one truncated
    assert os.listdir(tmp_path) == ["result.json"]  # the old file, renamed aside, is gone


def test_a_report_replaces_an_old_one_too(thidua, tmp_path):
    path = tmp_path / "report.html"
    path.write_text("old", encoding="utf-8")
    thidua("report", POLICY, DATA, "-o", path)
    assert path.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert os.listdir(tmp_path) == ["report.html"]


def test_a_symbolic_link_is_written_through(thidua, expected, tmp_path):
    target = tmp_path / "target.json"
    target.write_text("old", encoding="utf-8")
    link = tmp_path / "link.json"
    link.symlink_to(target)
    thidua("run", POLICY, DATA, "-o", link)
    assert link.is_symlink()
    assert target.read_text(encoding="utf-8") == expected
    assert sorted(os.listdir(tmp_path)) == ["link.json", "target.json"]


def test_a_file_with_another_hard_link_is_written_in_place(thidua, expected, tmp_path):
    path = tmp_path / "result.json"
    path.write_text("old", encoding="utf-8")
    other = tmp_path / "other.json"
    os.link(path, other)
    thidua("run", POLICY, DATA, "-o", path)
    assert path.stat().st_ino == other.stat().st_ino
    assert other.read_text(encoding="utf-8") == expected


def test_a_file_a_new_one_would_not_match_is_written_in_place(thidua, expected, tmp_path):
    # In a set-group-ID directory of another group, a new file would take that group.
    directory = tmp_path / "shared"
    directory.mkdir()
    other_group = next((g for g in (65534, 1, 2) if g != os.getegid()), None)
    try:
        os.chown(directory, -1, other_group)
    except PermissionError:
        pytest.skip("cannot give the directory another group here")
    directory.chmod(0o2775)
    path = directory / "result.json"
    path.write_text("old", encoding="utf-8")
    os.chown(path, -1, os.getegid())
    inode = path.stat().st_ino
    thidua("run", POLICY, DATA, "-o", path)
    assert path.stat().st_ino == inode
    assert path.stat().st_gid == os.getegid()
    assert path.read_text(encoding="utf-8") == expected
    assert os.listdir(directory) == ["result.json"]


def test_a_run_that_fails_leaves_the_old_result(thidua, tmp_path):
    path = tmp_path / "result.json"
    path.write_text("the last good result", encoding="utf-8")
    broken = tmp_path / "broken.json"
    broken.write_text("{", encoding="utf-8")
    done = thidua("run", POLICY, broken, "-o", path, check=False)
    assert done.returncode == 1, done.stderr
    assert path.read_text(encoding="utf-8") == "the last good result"
    assert sorted(os.listdir(tmp_path)) == ["broken.json", "result.json"]


def test_an_output_that_cannot_be_made_is_reported(thidua, tmp_path):
    path = tmp_path / "no-such-directory" / "result.json"
    done = thidua("run", POLICY, DATA, "-o", path, check=False)
    assert done.returncode == 1
    assert done.stderr == f"{path}: cannot write the result\n"
