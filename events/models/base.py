"""What the world's models share: names and aliases the linker finds, date rules."""

from django.db import models
from django.db.models import F, Q

from core.caching import KeyedQuerySet
from core.text import split_lines

ALIASES_HELP = (
    "Other names stories use, one per line (for example “Putin” or “the Kremlin leader”). "
    "The mention linker finds the name and every alias, whole words only."
)


def not_before(earlier, later, *, name, message):
    """A database rule: date field `later` is not before `earlier` when both are known."""
    return models.CheckConstraint(
        condition=Q(**{f"{earlier}__isnull": True})
        | Q(**{f"{later}__isnull": True})
        | Q(**{f"{later}__gte": F(earlier)}),
        name=name,
        violation_error_message=message,
    )


class Linkable(models.Model):
    """Something the mention linker can find in a text by its name or one of its aliases."""

    aliases = models.TextField("aliases", blank=True, help_text=ALIASES_HELP)

    objects = KeyedQuerySet.as_manager()

    class Meta:
        abstract = True

    @property
    def alias_list(self):
        return split_lines(self.aliases)

    @property
    def display_name(self):
        return self.name

    def linker_names(self):
        """Every name this object is known by: its own first, then its aliases."""
        names = [self.display_name, *self.alias_list]
        return list(dict.fromkeys(name for name in names if name))
