"""The preview hands freed memory back to the system after each reload (glibc): without starting a program."""

from __future__ import annotations

import platform
import subprocess

import pytest

from twitchtree.tui import app as app_module


@pytest.mark.skipif(platform.libc_ver()[0] != "glibc", reason="the C library's own functions are glibc's")
def test_the_c_library_s_functions_are_found_without_running_a_program(monkeypatch):
    def no_program(*args, **kwargs):
        raise AssertionError(f"a reload ran a program to find the C library: {args[0]}")

    monkeypatch.setattr(subprocess, "Popen", no_program)
    app_module._glibc_function.cache_clear()  # (a lookup made earlier is not the point)
    for _ in range(3):  # as three reloads would
        app_module._return_free_memory()
        assert app_module._glibc_function("malloc_trim") is not None
    assert app_module._glibc_function("no_such_function_in_libc") is None
