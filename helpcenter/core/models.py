from django.db import models
from django.utils.translation import gettext_lazy as _


class CacheEntry(models.Model):
    """The table of Django's DatabaseCache (the shape `createcachetable` gives it).

    With no REDIS_URL, the default cache lives here so that every process of the
    node (and every node on the same database) counts login failures together.
    As a model it is created by `migrate`, so `make run` needs no extra step.
    """

    cache_key = models.CharField(max_length=255, primary_key=True)
    value = models.TextField()
    expires = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = _("cache entry")
        verbose_name_plural = _("cache entries")
        db_table = "helpcenter_cache"

    def __str__(self) -> str:
        return self.cache_key
