"""The four roles of the product.

They live in `common` because the access gate decides by role and `common`
imports no app; `accounts.User.role` uses these choices.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    CLERK = "clerk", _("Petition bureau clerk")
    LIAISON = "liaison", _("Unit liaison")
    LEADER = "leader", _("County leader")
    ADMIN = "admin", _("System administrator")
