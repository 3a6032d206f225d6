"""What a person wrote in a reply, without the quoted history and the signature.

Mail programs quote in a few shapes, in Portuguese and English alike:
- a header line before the quote: "Em qua., 25 de nov. de 2026 às 10:00, X escreveu:",
  "On Wed, Nov 25, 2026 at 10:00 AM X wrote:" (Gmail and Apple Mail; the line may wrap);
- Outlook's block: "-----Original Message-----" / "-----Mensagem original-----", or a
  "From: ... Sent: ..." / "De: ... Enviado: ..." header block after a rule;
- lines starting with ">".
Signatures start at "-- " or at a phone's "Sent from my iPhone" / "Enviado do meu ...".
The full message is always kept as the original, so trimming too much loses nothing.
"""

from __future__ import annotations

import re

_WROTE = re.compile(
    r"^(?:on|em|el|le|am)\s.{4,300}?(?:wrote|escreveu|escribió|a écrit|schrieb)\s*:\s*$",
    re.IGNORECASE | re.DOTALL,
)
# Any language's "<date>, <name> <address> wrote:" (Gmail writes it in the reader's
# language: "… Иван <ivan@example.ru> написал:", "X <x@y> 于… 写道："), or "…, X <x@y>:".
_WROTE_ADDRESS = re.compile(r"^.{0,300}<[^<>@\s]+@[^<>\s]+>.{0,40}?[:：]\s*$", re.DOTALL)
# html2text escapes a leading "-" ("\-----Original Message-----") and bolds labels
# ("**De:**"): both shapes are matched as well as the plain ones.
_ORIGINAL = re.compile(
    r"^\s*\\?-{2,}\s*(?:original message|mensagem original|forwarded message|"
    r"mensagem encaminhada|mensaje original|message d'origine|ursprüngliche nachricht)"
    r"\s*-{2,}\s*$",
    re.IGNORECASE,
)
_OUTLOOK_FROM = re.compile(r"^\s*\**(?:from|de|von)\s*:\**\s+\S", re.IGNORECASE)
_OUTLOOK_NEXT = re.compile(
    r"^\s*\**(?:sent|enviado|enviada|date|data|fecha|gesendet|to|para|an)\s*:\**\s",
    re.IGNORECASE,
)
_RULE = re.compile(r"^\s*(?:_{5,}|\\?-{5,}|\* \* \*)\s*$")
_SIGNATURE = re.compile(
    r"^(?:--\s?|__|(?:sent from|enviado (?:do|de) meu|enviado a partir d[oe]|"
    r"get outlook for|obtenha o outlook para)\b.*)$",
    re.IGNORECASE,
)


def _cut_at(lines: list[str]) -> int:
    for index, line in enumerate(lines):
        stripped = line.strip()
        if _ORIGINAL.match(stripped) or (
            _RULE.match(stripped) and _outlook_block(lines, index + 1)
        ):
            return index
        if _OUTLOOK_FROM.match(stripped) and _outlook_block(lines, index):
            return index
        # "On ... wrote:" may wrap over two or three lines.
        for span in (1, 2, 3):
            parts = [part.strip() for part in lines[index : index + span]]
            if not all(parts):
                break  # a quote header wraps within one paragraph, never over a blank line
            joined = " ".join(parts)
            if _WROTE.match(joined) or _WROTE_ADDRESS.match(joined):
                return index
        if stripped.startswith(">") and all(
            not rest.strip() or rest.lstrip().startswith(">") for rest in lines[index:]
        ):
            return index
    return len(lines)


def _outlook_block(lines: list[str], start: int) -> bool:
    if start >= len(lines) or not _OUTLOOK_FROM.match(lines[start].strip()):
        return False
    return any(_OUTLOOK_NEXT.match(line.strip()) for line in lines[start + 1 : start + 5])


def trim_reply(text: str) -> str:
    """The new part of a reply; the whole text when nothing new can be told apart."""
    lines = text.replace("\r\n", "\n").split("\n")
    lines = lines[: _cut_at(lines)]
    for index, line in enumerate(lines):
        if _SIGNATURE.match(line.strip()) and index > 0:
            lines = lines[:index]
            break
    trimmed = "\n".join(lines).strip()
    return trimmed or text.strip()
