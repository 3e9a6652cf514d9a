"""A save never loosens or gives away a file: mode, owner, group and extended attributes are kept.

The editor's ``.bak`` of a file reached through a symlink to another file
system is a copy, not a hard link: it used to be 0644 from a 0600 original.
``fmt`` and the editor's save, run as root, turned another user's file into
root's and dropped its extended attributes.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from builders import WALK_TREE
from support import run_twitchtree
from twitchtree.model.write import atomic_write

AS_ROOT = os.geteuid() == 0
OTHER = 65534  # "nobody": a user and group that are not root's
XATTR = "user.twitchtree.test"


def _attributes_work(path: Path) -> bool:
    try:
        os.setxattr(path, XATTR, b"kept")
    except OSError:
        return False
    return True


@pytest.fixture
def elsewhere(tmp_path) -> Path:
    """A folder on another file system than ``tmp_path`` (tmpfs), removed afterwards."""
    shm = Path("/dev/shm")
    if not shm.is_dir() or shm.stat().st_dev == tmp_path.stat().st_dev or not os.access(shm, os.W_OK):
        pytest.skip("needs /dev/shm on a file system of its own")
    folder = shm / f"twitchtree-{os.getpid()}-{tmp_path.name}"
    folder.mkdir()
    yield folder
    for child in folder.iterdir():
        child.unlink()
    folder.rmdir()


def test_a_backup_made_across_file_systems_keeps_the_originals_mode(tmp_path, elsewhere):
    original = elsewhere / "tree.toml"
    original.write_text(WALK_TREE, encoding="utf-8")
    original.chmod(0o600)
    link = tmp_path / "tree.toml"
    link.symlink_to(original)
    backup = tmp_path / "tree.toml.bak"
    atomic_write(link, b"new text", backup=backup)  # what the editor's ctrl+s does
    assert backup.read_text(encoding="utf-8") == WALK_TREE
    assert stat.S_IMODE(backup.stat().st_mode) == 0o600
    assert stat.S_IMODE(original.stat().st_mode) == 0o600 and original.read_bytes() == b"new text"
    assert link.is_symlink()


@pytest.mark.skipif(not AS_ROOT, reason="only root can give a file to another user")
def test_fmt_keeps_the_owner_group_mode_and_attributes_of_another_users_file(tmp_path):
    path = tmp_path / "walk.toml"
    path.write_text(WALK_TREE.replace('title = "Walk"', 'title   =   "Walk"'), encoding="utf-8")
    os.chown(path, OTHER, OTHER)
    path.chmod(0o640)
    attributes = _attributes_work(path)
    before = path.stat().st_ino
    result = run_twitchtree("fmt", "walk.toml", cwd=tmp_path)
    assert result.code == 0, result.err
    after = path.stat()
    assert after.st_ino != before  # really rewritten, through a new file
    assert (after.st_uid, after.st_gid, stat.S_IMODE(after.st_mode)) == (OTHER, OTHER, 0o640)
    if attributes:
        assert os.getxattr(path, XATTR) == b"kept"


@pytest.mark.skipif(not AS_ROOT, reason="only root can give a file to another user")
def test_a_save_with_a_backup_keeps_owner_mode_and_attributes_on_both(tmp_path, elsewhere):
    original = elsewhere / "tree.toml"
    original.write_text(WALK_TREE, encoding="utf-8")
    os.chown(original, OTHER, OTHER)
    original.chmod(0o604)
    attributes = _attributes_work(original)
    link = tmp_path / "tree.toml"
    link.symlink_to(original)
    atomic_write(link, b"new text", backup=tmp_path / "tree.toml.bak")
    for path in (original, tmp_path / "tree.toml.bak"):
        status = path.stat()
        assert (status.st_uid, status.st_gid, stat.S_IMODE(status.st_mode)) == (OTHER, OTHER, 0o604), path
        if attributes:
            assert os.getxattr(path, XATTR) == b"kept", path


def test_a_set_group_id_bit_survives_the_change_of_owner(tmp_path):
    path = tmp_path / "walk.toml"
    path.write_text(WALK_TREE, encoding="utf-8")
    path.chmod(0o2640)
    atomic_write(path, b"new text")
    assert stat.S_IMODE(path.stat().st_mode) == 0o2640
