"""Whether bytes are UTF-8 text, and if not, where and why not: in the one set of words every command uses.

``check`` reports it as a diagnostic, the editor refuses to open such a
file with the same line, and a file changed on disk into one is not loaded.
"""

from __future__ import annotations


class NotText(ValueError):
    """Bytes that are not UTF-8 text: the 1-based line and byte column where it shows, and why."""

    def __init__(self, line: int, col: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.col = col
        self.message = message


def utf8_text(raw: bytes) -> str:
    """``raw`` decoded as UTF-8, a byte-order mark dropped.

    Raises :class:`NotText` for UTF-16 or UTF-32 text, a NUL byte (a binary
    file) or bytes that are not UTF-8.
    """
    wide = _wide_encoding(raw)
    if wide is not None:
        raise NotText(1, 1, f"this file is {wide} text, not UTF-8; save it as UTF-8")
    nul = raw.find(b"\0")
    if nul >= 0:
        raise NotText(*_byte_position(raw, nul), "this is a binary file, not TOML text (NUL byte)")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        message = f"not valid UTF-8 (byte 0x{raw[exc.start]:02x}); save the file as UTF-8"
        raise NotText(*_byte_position(raw, exc.start), message) from None


def _wide_encoding(raw: bytes) -> str | None:
    """ "UTF-16" or "UTF-32" when ``raw`` starts with their byte-order mark, or reads as ASCII in them."""
    if raw.startswith((b"\xff\xfe\0\0", b"\0\0\xfe\xff")):
        return "UTF-32"
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "UTF-16"
    head = raw[:64]
    if len(head) >= 4 and len(head) % 2 == 0:
        even, odd = head[0::2], head[1::2]
        if (not odd.strip(b"\0") and 0 not in even) or (not even.strip(b"\0") and 0 not in odd):
            return "UTF-16"
    return None


def _byte_position(raw: bytes, offset: int) -> tuple[int, int]:
    line = raw.count(b"\n", 0, offset) + 1
    col = offset - (raw.rfind(b"\n", 0, offset) + 1) + 1
    return line, col
