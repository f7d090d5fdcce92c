"""Local file storage: round trip, keys that cannot escape the root, atomic writes, config."""

from __future__ import annotations

import os
import stat

import pytest

from marketplace.core.storage import LocalStorage, Storage, get_storage

KEY = "public/products/ab/abcdef-640.webp"


def files_under(root) -> list[str]:
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())


def test_save_open_exists_url_delete_round_trip(tmp_path):
    # given an empty public storage
    storage = LocalStorage(tmp_path, base_url="/media")
    assert isinstance(storage, Storage)
    assert not storage.exists(KEY)

    # when a file is saved, then it can be read back, has a URL and can be deleted
    storage.save(KEY, b"webp bytes", content_type="image/webp")
    assert storage.exists(KEY)
    assert storage.open(KEY) == b"webp bytes"
    assert (tmp_path / KEY).read_bytes() == b"webp bytes"
    assert storage.url(KEY) == f"/media/{KEY}"

    storage.delete(KEY)
    assert not storage.exists(KEY)
    with pytest.raises(FileNotFoundError):
        storage.open(KEY)


def test_saving_again_replaces_the_file_and_deleting_twice_is_fine(tmp_path):
    storage = LocalStorage(tmp_path, base_url=None)
    storage.save(KEY, b"old", content_type="image/webp")

    storage.save(KEY, b"new", content_type="image/webp")

    assert storage.open(KEY) == b"new"
    storage.delete(KEY)
    storage.delete(KEY)  # a missing file is not an error
    assert not storage.exists(KEY)


@pytest.mark.parametrize(
    "key",
    [
        "../x",
        "public/../../x",
        "/etc/passwd",
        "a\\b",
        "..\\..\\x",
        "a\x00b",
        "",
        "a//b",
        "./a",
        "a/",
    ],
)
def test_keys_that_could_escape_or_alias_are_refused_by_every_method(tmp_path, key):
    storage = LocalStorage(tmp_path / "root", base_url="/media")

    for call in (
        lambda: storage.save(key, b"x", content_type="text/plain"),
        lambda: storage.open(key),
        lambda: storage.exists(key),
        lambda: storage.delete(key),
        lambda: storage.url(key),
    ):
        with pytest.raises(ValueError):
            call()
    assert files_under(tmp_path) == []


def test_a_symlink_inside_the_root_cannot_lead_outside(tmp_path):
    # given a link inside the storage root pointing at a folder outside it
    root, outside = tmp_path / "root", tmp_path / "outside"
    root.mkdir()
    outside.mkdir()
    (root / "link").symlink_to(outside, target_is_directory=True)
    storage = LocalStorage(root, base_url=None)

    with pytest.raises(ValueError):
        storage.save("link/x.txt", b"x", content_type="text/plain")
    assert list(outside.iterdir()) == []


def test_writes_are_atomic_and_leave_no_temporary_files(tmp_path):
    storage = LocalStorage(tmp_path, base_url=None)
    storage.save(KEY, b"first", content_type="image/webp")
    storage.save("public/products/cd/other-320.webp", b"second", content_type="image/webp")

    # when a write fails half way (here: the data is not bytes)
    with pytest.raises(TypeError):
        storage.save(KEY, "not bytes", content_type="image/webp")  # type: ignore[arg-type]

    # then the old file is intact and no temporary file is left behind
    assert storage.open(KEY) == b"first"
    assert files_under(tmp_path) == [KEY, "public/products/cd/other-320.webp"]


def test_public_files_are_world_readable_and_private_files_owner_only(tmp_path):
    config = {"UPLOAD_DIR": str(tmp_path)}
    public = get_storage(config, visibility="public")
    private = get_storage(config, visibility="private")

    public.save(KEY, b"photo", content_type="image/webp")
    private.save("compliance/nib/1.pdf", b"%PDF", content_type="application/pdf")

    assert stat.S_IMODE(os.stat(tmp_path / "public" / KEY).st_mode) == 0o644
    assert stat.S_IMODE(os.stat(tmp_path / "private/compliance/nib/1.pdf").st_mode) == 0o600


def test_get_storage_gives_a_public_media_url_and_no_url_for_private_files(tmp_path):
    config = {"UPLOAD_DIR": str(tmp_path), "STORAGE_BACKEND": "local"}

    public = get_storage(config, visibility="public")
    private = get_storage(config, visibility="private")
    private.save("compliance/nib/1.pdf", b"%PDF", content_type="application/pdf")

    assert public.url("public/products/ab/x y.webp") == "/media/public/products/ab/x%20y.webp"
    assert private.url("compliance/nib/1.pdf") is None
    assert (tmp_path / "private/compliance/nib/1.pdf").read_bytes() == b"%PDF"
    # and the public storage cannot reach private files
    assert not public.exists("private/compliance/nib/1.pdf")
    with pytest.raises(ValueError):
        public.open("../private/compliance/nib/1.pdf")


def test_get_storage_defaults_to_local():
    storage = get_storage({"UPLOAD_DIR": "/srv/uploads"}, visibility="public")

    assert isinstance(storage, LocalStorage)
    assert str(storage.root) == "/srv/uploads/public"


def test_get_storage_refuses_an_unknown_backend_naming_the_supported_ones():
    with pytest.raises(ValueError, match=r"'s3'.*supported: local"):
        get_storage({"UPLOAD_DIR": "/srv/uploads", "STORAGE_BACKEND": "s3"}, visibility="public")


def test_get_storage_refuses_an_unknown_visibility():
    with pytest.raises(ValueError, match="visibility"):
        get_storage({"UPLOAD_DIR": "/srv/uploads"}, visibility="secret")


def test_purge_deletes_only_old_files_under_the_prefix(tmp_path):
    import os
    import time
    from datetime import timedelta

    from marketplace.core.storage import LocalStorage

    storage = LocalStorage(tmp_path, base_url=None)
    storage.save("imports/products/old.csv", b"a", content_type="text/csv")
    storage.save("imports/products/new.csv", b"b", content_type="text/csv")
    storage.save("documents/1/keep.pdf", b"c", content_type="application/pdf")
    old = time.time() - 3 * 3600
    os.utime(tmp_path / "imports/products/old.csv", (old, old))
    os.utime(tmp_path / "documents/1/keep.pdf", (old, old))

    removed = storage.purge("imports/", older_than=timedelta(hours=2))

    assert removed == 1
    assert not storage.exists("imports/products/old.csv")
    assert storage.exists("imports/products/new.csv") and storage.exists("documents/1/keep.pdf")
