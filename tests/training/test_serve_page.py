"""What ``serve`` takes from textual-serve: its page with only the font changed, and the one private attribute.

These fail loudly when an upgrade of textual-serve changes what twitchtree relies on.
"""

from __future__ import annotations

import asyncio
import re
import sys

import pytest

pytest.importorskip("textual_serve")


def test_the_page_is_textual_serves_own_with_only_the_font_link_swapped():
    from twitchtree.web.page import FONT_LINK, LOCAL_FONT, template, upstream

    original = upstream()
    assert len(FONT_LINK.findall(original)) == 1, "textual-serve's page changed how it links its font"
    page = template()
    assert page.replace(LOCAL_FONT, "") == FONT_LINK.sub("", original)  # nothing else differs
    links = re.findall(r'(?:href|src)="([^"]*)"|url\("([^"]*)"\)', page)
    assert links and all((a or b).startswith("{{ config.static.url }}") for a, b in links)
    assert "{{ app_websocket_url }}" in page and "https://" not in page


def test_the_fonts_the_page_names_are_in_textual_serves_static_files():
    from importlib.resources import files

    from twitchtree.web.page import template

    static = files("textual_serve") / "static"
    for name in re.findall(r"\{\{ config.static.url \}\}([^\"]+)", template()):
        assert (static / name).is_file(), name


def test_the_policy_allows_the_pages_inline_script_by_its_hash_and_nothing_from_elsewhere():
    import base64
    import hashlib

    from twitchtree.web.page import content_security_policy, template

    policy = content_security_policy()
    (script,) = re.findall(r"<script>(.*?)</script>", template(), re.S)
    digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
    assert f"'sha256-{digest}'" in policy
    assert "default-src 'none'" in policy and "'unsafe-eval'" not in policy and "http" not in policy


async def test_the_visitors_process_can_be_found_on_textual_serves_app_service():
    from textual_serve.app_service import AppService
    from textual_serve.download_manager import DownloadManager

    from twitchtree.web.serve_compat import process_of

    async def ignore(*args: object) -> None:
        return None

    service = AppService(
        f"exec {sys.executable} -c 'import time; time.sleep(30)'",
        write_bytes=ignore,
        write_str=ignore,
        close=ignore,
        download_manager=DownloadManager(),
    )
    assert process_of(service) is None
    await service.start(80, 24)
    process = process_of(service)
    assert process is not None and process.returncode is None, "textual-serve no longer keeps _process"
    process.kill()
    await asyncio.wait_for(process.wait(), 10)


async def test_the_visitors_error_output_is_taken_from_textual_serve_before_it_reads_it(capsys):
    """textual-serve writes a process's stderr raw to stdout; taken by ``take_stderr``, it writes nothing."""
    from textual_serve.app_service import AppService
    from textual_serve.download_manager import DownloadManager

    from twitchtree.web.serve_compat import process_of, take_stderr

    async def ignore(*args: object) -> None:
        return None

    taken: list[asyncio.StreamReader] = []

    class Taking(AppService):
        async def run(self) -> None:
            stream = take_stderr(self)
            assert stream is not None
            taken.append(stream)
            await super().run()

    service = Taking(
        f"exec {sys.executable} -c 'import sys; sys.stderr.write(\"marker \\x1b[2J\\n\")'",
        write_bytes=ignore,
        write_str=ignore,
        close=ignore,
        download_manager=DownloadManager(),
    )
    await service.start(80, 24)
    process = process_of(service)
    assert process is not None
    await asyncio.wait_for(process.wait(), 30)
    (stream,) = taken
    assert await asyncio.wait_for(stream.read(), 10) == b"marker \x1b[2J\n"
    # textual-serve's run ends once the process has: then it would have written what it kept.
    if others := asyncio.all_tasks() - {asyncio.current_task()}:
        await asyncio.wait(others, timeout=10)
    out = capsys.readouterr()
    assert "marker" not in out.out + out.err, "textual-serve reads stderr elsewhere now: adapt serve_compat.take_stderr"


@pytest.mark.parametrize(
    ("width", "height", "expected"),
    [(80, 24, (80, 24)), (20000, 20000, (500, 200)), (-5, 0, (10, 4)), ("120", "40", (120, 40)),
     ("lots", None, (80, 24)), (True, 3.5, (80, 24)), ("9" * 50, "1e9", (80, 24))],
)  # fmt: skip
def test_terminal_sizes_are_clamped(width, height, expected):
    from twitchtree.web.classroom import clamp

    assert clamp(width, height) == expected
