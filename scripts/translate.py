"""Fill pt-BR translations from a JSON file of {msgid: msgstr}, then recompile.
A plural entry's value is a list: [singular form, plural form].

Usage: python scripts/translate.py translations.json
Used after `make messages` to add the catalogue entries of new UI text.
"""

import json
import sys

import polib

PO = "locale/pt_BR/LC_MESSAGES/django.po"

with open(sys.argv[1], encoding="utf-8") as handle:
    pairs = json.load(handle)
po = polib.pofile(PO)
for entry in po:
    if entry.msgid in pairs:
        value = pairs[entry.msgid]
        if isinstance(value, list):  # a plural entry: [singular, plural]
            entry.msgstr_plural = dict(enumerate(value))
        else:
            entry.msgstr = value
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
            entry.previous_msgid = None
            entry.previous_msgid_plural = None
po.save(PO)
po.save_as_mofile(PO[:-3] + ".mo")
left = [e.msgid for e in po.untranslated_entries()] + [e.msgid for e in po.fuzzy_entries()]
print("untranslated:", left)
