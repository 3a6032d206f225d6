from django.core.management import call_command

from helpcenter.accounts.models import User
from helpcenter.oncall.models import Rota
from helpcenter.tickets.models import Ticket


def test_seed_demo_is_idempotent(db):
    call_command("seed_demo")
    counts = (User.objects.count(), Ticket.objects.count(), Rota.objects.count())
    call_command("seed_demo")
    assert (User.objects.count(), Ticket.objects.count(), Rota.objects.count()) == counts
    assert counts[1] == 2 and User.objects.filter(email="cliente@acme.example").exists()
