"""PDF downloads of the print pages (case sheets, supervision orders).

One template serves both: the page a browser prints and the PDF WeasyPrint
renders from it (print media, so the toolbar's `.no-print` disappears).  WeasyPrint
is imported only when a PDF is asked for: a machine without its system libraries
(Pango) still runs everything else and answers a PDF request with a clear 503.

Rendering never touches the network: the only files WeasyPrint may read are the
project's static files (stylesheets); every other URL is refused.  Chinese text
comes from the system's Noto CJK fonts named in `static/css/print.css`.
"""

import logging
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.http import HttpResponse
from django.template import engines
from django.template.loader import render_to_string
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)

UNAVAILABLE_PAGE = """{% extends "base.html" %}{% load i18n %}
{% block title %}{{ title }}{% endblock %}
{% block content %}
<div class="page-header"><h1>{{ title }}</h1></div>
<div class="alert alert-warning" role="alert" data-testid="pdf-unavailable">
  <p class="mb-1">{{ message }}</p>
  <p class="mb-0">{{ hint }}</p>
</div>
{% endblock %}"""


def static_roots() -> list[tuple[str, Path]]:
    """(URL prefix, folder) of the project's static files.

    The source folders (`STATICFILES_DIRS`), and `STATIC_ROOT` when set: in
    production `{% static %}` names the collected, hashed copies kept there.
    """
    roots = []
    for entry in settings.STATICFILES_DIRS:
        prefix, folder = entry if isinstance(entry, list | tuple) else ("", entry)
        roots.append((prefix.strip("/"), Path(folder).resolve()))
    if settings.STATIC_ROOT:
        roots.append(("", Path(settings.STATIC_ROOT).resolve()))
    return roots


def static_file_for(url: str) -> Path | None:
    """The static file a URL names, or None: nothing outside the static folders.

    Accepts `{% static %}` URLs (`/static/css/print.css`, also when resolved
    against a base URL) and file URLs inside a static folder.
    """
    parts = urlsplit(url)
    if parts.scheme not in ("file", "http", "https"):
        return None
    path = unquote(parts.path)
    static_path = urlsplit(settings.STATIC_URL).path
    candidates = []
    if path.startswith(static_path):
        relative = path.removeprefix(static_path)
        for prefix, folder in static_roots():
            if prefix:
                if not relative.startswith(prefix + "/"):
                    continue
                candidates.append(folder / relative.removeprefix(prefix + "/"))
            else:
                candidates.append(folder / relative)
    if parts.scheme == "file":
        candidates.append(Path(path))
    for candidate in candidates:
        resolved = candidate.resolve()
        if resolved.is_file() and any(
            resolved.is_relative_to(folder) for _prefix, folder in static_roots()
        ):
            return resolved
    return None


def _static_only_fetcher():
    """A URL fetcher that serves the static files and refuses everything else.

    Built on call: WeasyPrint is imported only when a PDF is made.
    """
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class StaticOnlyFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            if url.startswith("data:"):
                return super().fetch(url, headers)  # inline data: no network
            found = static_file_for(url)
            if found is None:
                raise ValueError(f"Refused (not a static file): {url[:200]}")
            return URLFetcherResponse(
                found.as_uri(),
                body=found.read_bytes(),
                headers={"Content-Type": _content_type(found)},
            )

    return StaticOnlyFetcher()


def _content_type(path: Path) -> str:
    return {
        ".css": "text/css",
        ".png": "image/png",
        ".jpg": "image/jpeg",
        ".jpeg": "image/jpeg",
        ".svg": "image/svg+xml",
        ".gif": "image/gif",
        ".webp": "image/webp",
    }.get(path.suffix.lower(), "application/octet-stream")


def base_url() -> str:
    """The static folder, so relative URLs resolve inside it."""
    return static_roots()[0][1].as_uri() + "/"


def render_pdf(request, template: str, context: dict, filename: str) -> HttpResponse:
    """The template rendered as a PDF download, or a 503 page without WeasyPrint."""
    try:
        import weasyprint
    except (ImportError, OSError):  # OSError: the Pango library is missing
        logger.exception("WeasyPrint cannot be loaded: PDF downloads are off")
        return _unavailable(request)
    _quiet_stylesheet_warnings()
    html = render_to_string(template, {**context, "pdf": True}, request=request)
    document = weasyprint.HTML(
        string=html, base_url=base_url(), url_fetcher=_static_only_fetcher()
    )
    response = HttpResponse(document.write_pdf(), content_type="application/pdf")
    # RFC 6266 / 5987: a Chinese file name survives every browser.
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=filename
    )
    response["Cache-Control"] = "no-store"
    return response


def _quiet_stylesheet_warnings() -> None:
    """WeasyPrint logs a warning for every screen-only rule of Bootstrap (media
    queries, `user-select` …), dozens per PDF.  Keep its errors only, unless the
    LOGGING setting configured the "weasyprint" logger itself."""
    weasy_logger = logging.getLogger("weasyprint")
    if weasy_logger.level == logging.NOTSET:
        weasy_logger.setLevel(logging.ERROR)


def _unavailable(request) -> HttpResponse:
    page = engines["django"].from_string(UNAVAILABLE_PAGE)
    context = {
        "title": _("PDF download unavailable"),
        "message": _(
            "PDF files cannot be made on this server: its PDF library is not installed."
        ),
        "hint": _(
            "Use the print page and your browser's “Print” (or “Save as PDF”) "
            "instead, and tell the system administrator."
        ),
    }
    return HttpResponse(page.render(context, request), status=503)
