"""Reading a message's headers whatever their shape; never a NUL.

The message's structure is parsed once with the stdlib's compat32 policy (fast: no
header objects). A header a person wrote (Subject, From, a file's name) is then
decoded from its raw value the way the modern policy (`email.policy.default`)
decodes it: RFC 2047 encoded words in any charset Python knows, RFC 6532 raw UTF-8.
Raw 8-bit bytes that are not UTF-8 (a Subject in raw GB2312 or Latin-1) are read in
the charset the message declares for its text, and only then with replacement
characters: whatever can be read is kept.
"""

from __future__ import annotations

import contextlib
from email import policy
from email.header import decode_header, make_header
from email.message import Message
from email.utils import getaddresses


def readable(value: str, charset: str | None = None) -> str:
    """Raw 8-bit bytes (kept by the parser as surrogate escapes) as text."""
    data = value.encode("utf-8", "surrogateescape")
    for codec in ("utf-8", charset):
        if codec:
            try:
                return data.decode(codec)
            except (UnicodeError, LookupError):
                continue
    return data.decode("utf-8", "replace")


def decode_words(value: str, charset: str | None = None) -> str:
    """Encoded words and raw 8-bit bytes to text, as the modern policy reads them;
    the older decoder when that policy gives up; the value as written at worst."""
    text = readable(value, charset)
    with contextlib.suppress(Exception):  # a header the modern policy cannot parse
        return _modern(text)
    with contextlib.suppress(Exception):  # an unknown charset, a broken encoded word
        return _older(text)
    return text


def _modern(text: str) -> str:
    return str(policy.default.header_fetch_parse("Subject", text))


def _older(text: str) -> str:
    return str(make_header(decode_header(text)))


def clean(value: str) -> str:
    return " ".join(value.replace("\x00", "").split())


def raw_value(message: Message, name: str) -> str | None:
    wanted = name.lower()
    return next((v for k, v in message.raw_items() if k.lower() == wanted), None)


def header(message: Message, name: str, charset: str | None = None) -> str:
    """A header as readable text on one line ("" when absent)."""
    value = raw_value(message, name)
    if value is None:
        return ""
    if value.isascii() and "=?" not in value:
        return clean(value)  # nothing to decode: most headers, most of the time
    return clean(decode_words(value, charset))


def addresses(message: Message, *names: str) -> list[str]:
    wanted = {name.lower() for name in names}
    values = [decode_words(v) for k, v in message.raw_items() if k.lower() in wanted]
    return [addr.strip().lower() for _name, addr in getaddresses(values) if "@" in addr]


def ids(value: str) -> list[str]:
    return [f"<{token.strip('<>')}>" for token in value.replace(",", " ").split() if "@" in token]
