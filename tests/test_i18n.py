"""pt-BR is the default language and its catalogue is complete and compiled."""

from pathlib import Path

import polib

PO = Path(__file__).resolve().parent.parent / "locale" / "pt_BR" / "LC_MESSAGES" / "django.po"


def test_every_string_is_translated():
    catalogue = polib.pofile(str(PO))
    assert catalogue.untranslated_entries() == []
    assert [e.msgid for e in catalogue.fuzzy_entries()] == []


def test_compiled_catalogue_matches_the_po_file():
    catalogue = polib.pofile(str(PO))
    compiled = polib.mofile(str(PO.with_suffix(".mo")))
    expected = {(e.msgctxt, e.msgid): e.msgstr for e in catalogue.translated_entries()}
    actual = {(e.msgctxt, e.msgid): e.msgstr for e in compiled if e.msgid}
    assert actual == expected, "run `make messages` to recompile"


def test_default_language_is_portuguese_even_for_english_browsers(client, db):
    response = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert response["Content-Language"] == "pt-br"
    assert "Entrar na Central de Ajuda" in response.content.decode()
