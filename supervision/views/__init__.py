from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import reverse

from cases import selectors as case_selectors
from common import access


@login_required
def home(request):
    """The workbench: what needs the user's attention, each count a link."""
    tiles = []
    if access.can(request.user, "case.list"):
        counts = case_selectors.open_work_counts(request.user)
        cases = reverse("cases:index")
        tiles = [
            ("new", counts["new"], f"{cases}?status=new"),
            ("in_progress", counts["in_progress"], f"{cases}?status=in_progress"),
            (
                "closing_submitted",
                counts["closing_submitted"],
                f"{cases}?status=closing_submitted",
            ),
            ("overdue", counts["overdue"], f"{cases}?overdue=true"),
            ("key", counts["key"], f"{cases}?is_key=true&open=true"),
        ]
    return render(request, "common/home.html", {"tiles": tiles})
