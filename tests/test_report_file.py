"""Files the plugin and the console command write are whole and readable by others (0644)."""
import os
import stat

from pytest_onehot.report import write_atomic


def mode(path):
    return stat.S_IMODE(os.stat(path).st_mode)


def test_write_atomic_leaves_a_whole_file_others_can_read(tmp_path):
    path = tmp_path / "table.md"
    write_atomic(str(path), "text\n")
    assert path.read_text() == "text\n" and mode(path) == 0o644
    assert os.listdir(tmp_path) == ["table.md"]  # no temporary file left beside it


def test_the_json_report_is_readable_by_others(run, pytester):
    run("--onehot-layer=pytest_onehot.reference:OneHot", "-k", "values-seed", "--onehot-report=r.json")
    assert mode(pytester.path / "r.json") == 0o644
