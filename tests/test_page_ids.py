"""No page renders the same id twice (a label must lead to its own field).

Found in the accessibility audit: on the agent's ticket page the reply and the
internal-note forms both rendered `id_body`, so the "Internal note" label put
the cursor in the public reply.
"""

from __future__ import annotations

from collections import Counter
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from tests.helpers import open_ticket


class Ids(HTMLParser):
    def __init__(self):
        super().__init__()
        self.ids: Counter[str] = Counter()
        self.label_targets: list[str] = []

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        if values.get("id"):
            self.ids[values["id"]] += 1
        if tag == "label" and values.get("for"):
            self.label_targets.append(values["for"])


def ids_of(html: str) -> Ids:
    parser = Ids()
    parser.feed(html)
    return parser


@pytest.mark.parametrize("persona", ["client_a", "agent"])
def test_main_pages_have_unique_ids_and_labels_point_at_fields(client, world, persona):
    ticket = open_ticket(world, priority="P3")
    client.force_login(world.personas()[persona])
    pages = [reverse("portal:ticket_list"), reverse("portal:ticket_detail", args=[ticket.pk])]
    if persona == "agent":
        pages += [reverse("console:queue_default"), reverse("console:phone_intake")]
    else:
        pages += [reverse("portal:ticket_new")]
    for url in pages:
        parsed = ids_of(client.get(url).content.decode())
        duplicates = {i: n for i, n in parsed.ids.items() if n > 1}
        assert duplicates == {}, url
        missing = [t for t in parsed.label_targets if t not in parsed.ids]
        assert missing == [], url


def test_the_agent_has_one_composer_and_its_label_leads_to_it(client, world):
    """One box for replies and internal notes, switched by a labelled choice: there is
    no second form whose label could put an internal note in the public reply."""
    ticket = open_ticket(world)
    client.force_login(world.agent)
    html = client.get(reverse("portal:ticket_detail", args=[ticket.pk])).content.decode()
    assert 'for="compose_body"' in html and 'id="compose_body"' in html
    assert html.count('name="body"') == 1
    assert 'value="internal"' in html and 'value="public"' in html


def test_small_things_a_walk_through_noticed(client, world):
    client.force_login(world.client_a)
    html = client.get(reverse("portal:ticket_list")).content.decode()
    assert 'rel="icon"' in html  # a favicon
    assert reverse("mfa_index") in html  # clients can turn on two-factor login too
    html = client.get(reverse("portal:ticket_new")).content.decode()
    assert "Requisição" in html and "Solicitação" not in html  # the contract's word
    client.force_login(world.agent)
    html = client.get(reverse("console:queue_default")).content.decode()
    assert 'for="id_q"' in html and 'placeholder="Número, título, descrição ou resposta"' in html
