"""The run's compact file list: what goes in comes out, in order, whatever the names."""

import os

import pytest

from reportlint.filelist import FileList, compact


class Settings:  # a stand-in value: compared by identity, as a folder's settings are
    pass


def test_paths_and_values_come_back_in_order_each_value_kept_once():
    town, county = Settings(), Settings()
    files = FileList([("reports/石桥镇-2024.yaml", town), ("reports/b.html", town),
                      ("county/c.docx", county)])
    assert list(files) == [("reports/石桥镇-2024.yaml", town), ("reports/b.html", town),
                           ("county/c.docx", county)]
    assert len(files) == 3 and files[-1] == ("county/c.docx", county)
    assert files[1:] == [("reports/b.html", town), ("county/c.docx", county)]
    assert files.values() == [town, county]
    assert list(files.paths()) == ["reports/石桥镇-2024.yaml", "reports/b.html", "county/c.docx"]
    with pytest.raises(IndexError):
        files[3]


def test_a_name_that_is_not_utf8_comes_back_as_the_walk_gave_it():
    name = os.fsdecode(b"reports/\xb2\xe2\xca\xd4-2024.yaml")  # GBK bytes on a UTF-8 system
    files = FileList([(name, None), ("", None), ("a.yaml", None)])
    assert files.path(0) == name and os.fsencode(files.path(0)).endswith(b"\xca\xd4-2024.yaml")
    assert files.path(1) == "" and files.path(2) == "a.yaml"


def test_a_mapped_list_shares_the_paths_and_holds_the_new_values():
    town = Settings()
    files = FileList([("a-2024.yaml", town), ("a-2023.yaml", town)])
    linters = files.map(lambda path, settings: (path.endswith("2024.yaml"), settings))
    assert [path for path, _ in linters] == ["a-2024.yaml", "a-2023.yaml"]
    assert [value for _, value in linters] == [(True, town), (False, town)]
    assert linters._names is files._names  # the paths are not copied


def test_it_equals_the_list_it_was_made_from_and_compact_keeps_one():
    items = [("a.yaml", 1), ("b.yaml", 2)]
    files = compact(items)
    assert files == items and files == FileList(items) and files != items[:1]
    assert compact(files) is files


def test_a_folder_is_kept_once_for_all_its_files():
    """A run's files are mostly many to a folder: the folder's bytes are kept once, and every
    path comes back whole, however it is cut (no folder, a bare folder, the root)."""
    paths = [f"/srv/公开/2024/report-{n:05d}.yaml" for n in range(1000)]
    paths += ["a.yaml", "folder/", "/", "./x.txt", "/srv/公开/2024/report-00000.yaml"]
    files = FileList((path, None) for path in paths)
    assert list(files.paths()) == paths
    assert len(files._folders) == 5  # /srv/公开/2024/, "", folder/, /, ./
    assert len(files._names) == sum(len(os.fsencode(os.path.basename(p))) for p in paths)
    mapped = files.map(lambda path, value: len(path))
    assert [path for path, _ in mapped] == paths
