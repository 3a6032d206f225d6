from django.db import models
from django.utils.translation import gettext_lazy as _

from helpcenter.accounts.models import Organization


class ServiceQuerySet(models.QuerySet["Service"]):
    def for_organization(self, organization: Organization) -> "ServiceQuerySet":
        return self.filter(organization=organization, is_active=True)


class Service(models.Model):
    """A product or service a client organization runs in production."""

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="services"
    )
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    is_active = models.BooleanField(_("in production"), default=True)

    objects = ServiceQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("service")
        verbose_name_plural = _("services")
        constraints = [
            models.UniqueConstraint(fields=["organization", "name"], name="unique_service_per_org")
        ]

    def __str__(self) -> str:
        return self.name
