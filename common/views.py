from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from common import health


@never_cache
@require_GET
def healthz(request):
    """200 when the database answers, 503 when it does not; the broker is reported."""
    db = health.database_ok()
    broker = health.broker_ok()
    body = {
        "status": "ok" if db and broker else ("degraded" if db else "down"),
        "database": "ok" if db else "down",
        "broker": "ok" if broker else "down",
        "broker_transport": health.broker_kind(),
    }
    return JsonResponse(body, status=200 if db else 503)
