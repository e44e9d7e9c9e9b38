"""A page for an area whose features arrive in a later release.

It keeps the area's URL stable and shows the standard layout with an honest
empty state instead of a 404.
"""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render


def area_page(title, description, *, public=False):
    def view(request):
        return render(
            request,
            "common/placeholder.html",
            {"title": title, "description": description},
        )

    return view if public else login_required(view)
