"""The desk's user account: a custom model from day one, so it can grow without a migration saga."""

from django.contrib.auth.models import AbstractUser


class User(AbstractUser):
    """A reporter's or editor's account; the stories they write point here (created_by)."""

    class Meta(AbstractUser.Meta):
        swappable = "AUTH_USER_MODEL"
        verbose_name = "user"
        verbose_name_plural = "users"

    def __str__(self):
        return self.get_full_name() or self.username
