"""At least 200 XSS payloads, each of which sets `window.__xss` if it ever runs.

Built as vectors × breakouts: every vector is tried bare and after each way of
leaving the context it may land in (an attribute, a textarea, a title, a
script string, a URL). Every payload stays under 200 characters, so it fits
every field, titles and names included.
"""

from __future__ import annotations

TRAP = "window.__xss=1"

VECTORS = [
    f"<script>{TRAP}</script>",
    f"<ScRiPt>{TRAP}</sCrIpT>",
    f"<script src=data:,{TRAP}></script>",
    f"<img src=x onerror={TRAP}>",
    f'<img src="x" onerror="{TRAP}">',
    f"<IMG SRC=x OnErRoR={TRAP}>",
    f"<svg onload={TRAP}>",
    f"<svg><script>{TRAP}</script></svg>",
    f"<body onload={TRAP}>",
    f"<details open ontoggle={TRAP}>",
    f"<input autofocus onfocus={TRAP}>",
    f"<video><source onerror={TRAP}></video>",
    f"<audio src=x onerror={TRAP}>",
    "<iframe srcdoc='<script>parent.__xss=1</script>'></iframe>",
    f"<iframe src=javascript:{TRAP}></iframe>",
    f'<a href="javascript:{TRAP}" id=xss>click</a>',
    f"<object data=javascript:{TRAP}></object>",
    f"<embed src=javascript:{TRAP}>",
    f"<math><mtext><table><mglyph><style><img src=x onerror={TRAP}>",
    f"<style>@import 'javascript:{TRAP}';</style>",
    f"<marquee onstart={TRAP}>x</marquee>",
    f"<select autofocus onfocus={TRAP}></select>",
    f"<textarea autofocus onfocus={TRAP}></textarea>",
    f"<form><button formaction=javascript:{TRAP}>x</button></form>",
    f'<div style="background:url(javascript:{TRAP})">x</div>',
    "<img src=x onerror=&#119;indow.__xss=1>",
    "<img src=x onerror=\\u0077indow.__xss=1>",
    f"<img\nsrc=x\nonerror={TRAP}>",
    f"<img/src=x/onerror={TRAP}>",
    f"<<script>{TRAP}//<</script>",
    f"javascript:{TRAP}",
    f"{{{{ {TRAP} }}}}",
    f"${{{TRAP}}}",
    f"<base href=javascript:{TRAP}//>",
    f"<meta http-equiv=refresh content='0;url=javascript:{TRAP}'>",
]

BREAKOUTS = [
    "",
    '">',
    "'>",
    "</textarea>",
    "</title>",
    "</option></select>",
    "';",
    '";',
    "--></script>",
]


def payloads() -> list[str]:
    found: list[str] = []
    for vector in VECTORS:
        for prefix in BREAKOUTS:
            text = f"{prefix}{vector}"
            if len(text) <= 200 and text not in found:
                found.append(text)
    return found


PAYLOADS = payloads()
assert len(PAYLOADS) >= 200, len(PAYLOADS)
