"""How the outbox learns about domains without importing them.

Each app registers, in its `AppConfig.ready()`:
- context builders: given an outbox row's stored context (ids and tokens), add
  the objects and links its templates need (`ticket`, `ticket_url`, ...);
- renderers for templates that decide at delivery what to send (or nothing);
- senders for kinds of rows other than e-mail (signed webhooks);
- header builders: the thread and reply headers of the e-mails that concern them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.utils.module_loading import import_string

ContextBuilder = Callable[[dict[str, Any], dict[str, Any]], None]

context_builders: list[ContextBuilder] = []
renderers: dict[str, Callable[[Any], Any] | str] = {}
senders: dict[str, Callable[[Any], None]] = {}
HeaderBuilder = Callable[[Any], dict[str, str]]
header_builders: list[HeaderBuilder] = []


def add_context_builder(builder: ContextBuilder) -> None:
    if builder not in context_builders:
        context_builders.append(builder)


def add_renderer(template: str, render: Callable[[Any], Any] | str) -> None:
    """`render(message)` returns an EmailMultiAlternatives, or None to send nothing.

    `render` may be a dotted path, imported on first use: a renderer that needs a
    heavy library (the statement's PDF) then loads it in the worker that delivers,
    never in a web process (docs/performance.md, "Memory")."""
    renderers[template] = render


def renderer_for(template: str) -> Callable[[Any], Any] | None:
    render = renderers.get(template)
    if isinstance(render, str):
        render = renderers[template] = import_string(render)
    return render


def add_sender(kind: str, send: Callable[[Any], None]) -> None:
    """`send(message)` performs the delivery or raises (Undeliverable: never retry)."""
    senders[kind] = send


def add_header_builder(build: HeaderBuilder) -> None:
    """`build(message)` returns headers for its e-mail ({} when it does not concern it);
    "Reply-To" is set as the reply address."""
    if build not in header_builders:
        header_builders.append(build)
