"""Site-wide template context: the navigation for the current user's role."""

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from common.access import role_of
from common.roles import Role

# (url name, label, roles that see it). URL names, not imports: common imports no app.
NAV_ITEMS = [
    ("home", _("Workbench"), {Role.CLERK, Role.LIAISON, Role.ADMIN}),
    ("dashboard:index", _("Dashboard"), {Role.LEADER, Role.CLERK}),
    ("dashboard:index", _("Statistics"), {Role.LIAISON}),
    ("petitions:index", _("Petitions"), {Role.CLERK}),
    ("cases:index", _("Cases"), {Role.CLERK, Role.LEADER}),
    ("cases:index", _("Our cases"), {Role.LIAISON}),
    ("reports:index", _("Daily reports"), {Role.CLERK, Role.LIAISON, Role.LEADER}),
    ("supervision:index", _("Supervision"), {Role.CLERK, Role.LIAISON, Role.LEADER}),
    ("reports:scorecards", _("Scorecards"), {Role.CLERK, Role.LEADER}),
    ("admin:index", _("Administration"), {Role.ADMIN}),
]


def navigation(request):
    role = role_of(getattr(request, "user", None))
    path = request.path
    items = []
    for name, label, roles in NAV_ITEMS:
        if role not in roles:
            continue
        url = reverse(name)
        active = path == url if url == "/" else path.startswith(url)
        items.append({"url": url, "label": label, "active": active, "name": name})
    return {
        "nav_items": items,
        "site_title": settings.SITE_TITLE,
        "county_name": getattr(settings, "COUNTY_NAME", ""),
        "user_role": role,
    }
