"""A visitor's error output reaches the operator's terminal escaped, a line at a time, bounded in length and rate."""

from __future__ import annotations

import asyncio

from twitchtree.web.error_output import BURST, MAX_LINE, Budget, ErrorOutput, relay


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def output(clock: Clock | None = None) -> tuple[ErrorOutput, list[str]]:
    lines: list[str] = []
    return ErrorOutput(lines.append, Budget(clock=clock or Clock())), lines


def test_each_line_is_escaped_and_one_line():
    out, lines = output()
    out.feed(b"plain\n\x1b]0;owned\x07\x1b[2J title\r\n\xff\xfe not utf-8\n\xe2\x80\xae reversed\nno newline")
    out.close()
    assert lines == [
        "plain",
        "\\u001b]0;owned\\u0007\\u001b[2J title",
        "\\xff\\xfe not utf-8",
        "\\u202e reversed",
        "no newline",
    ]


def test_a_line_split_across_reads_is_one_line():
    out, lines = output()
    for part in (b"twitchtree: inter", b"nal err", b"or: boom\nnext"):
        out.feed(part)
    out.close()
    assert lines == ["twitchtree: internal error: boom", "next"]


def test_a_long_line_is_cut_and_never_held_whole():
    out, lines = output()
    for _ in range(1000):  # 64 MB without a newline
        out.feed(b"\x1b" * 65536)
        assert len(out.line) <= 4 * MAX_LINE
    out.feed(b"\nafter\n")
    assert lines == ["\\u001b" * (MAX_LINE // 6) + "\\u00"[: MAX_LINE % 6] + "… (line cut)", "after"]
    assert all(len(line) <= MAX_LINE + len("… (line cut)") for line in lines)


def test_a_flood_shows_a_burst_then_a_line_a_second_and_counts_the_rest():
    clock = Clock()
    out, lines = output(clock)
    out.feed(b"line\n" * 10_000)
    assert lines == ["line"] * BURST
    assert out.dropping
    clock.now = 3.0  # three more lines may be shown
    out.feed(b"a\nb\nc\nd\n")
    assert lines[BURST:] == [f"({10_000 - BURST} more lines of error output not shown)", "a", "b", "c"]
    out.close()
    assert lines[-1] == "(1 more line of error output not shown)"


async def test_relay_reads_a_stream_to_its_end():
    stream = asyncio.StreamReader()
    lines: list[str] = []
    task = asyncio.create_task(relay(stream, lines.append))
    stream.feed_data(b"one\ntwo")
    stream.feed_data(b"\nthree")
    stream.feed_eof()
    await asyncio.wait_for(task, 5)
    assert lines == ["one", "two", "three"]


async def test_a_process_flooding_its_error_output_is_read_in_flat_memory_and_shown_a_few_lines():
    """5 MB of lines (escape codes in each) from a real process: a burst and a count, in constant memory."""
    import sys
    import time
    import tracemalloc

    flood = "import os\nfor _ in range(5000): os.write(2, b'\\x1b[2J' * 100 + b'x' * 423 + b'\\n')"
    process = await asyncio.create_subprocess_exec(sys.executable, "-c", flood, stderr=asyncio.subprocess.PIPE)
    assert process.stderr is not None
    lines: list[str] = []
    began = time.monotonic()
    tracemalloc.start()
    try:
        await asyncio.wait_for(relay(process.stderr, lines.append), 60)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    await process.wait()
    assert BURST <= len(lines) <= BURST + 2 + (time.monotonic() - began) * 2
    assert lines[-1].endswith("more lines of error output not shown)")
    assert all("\x1b" not in line and len(line) <= MAX_LINE + len("… (line cut)") for line in lines)
    assert peak < 2 * 1024 * 1024
