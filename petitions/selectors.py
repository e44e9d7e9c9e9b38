"""Every read of petitions that a view needs, scoped by the access gate."""

import re

from django.contrib.postgres.search import TrigramDistance, TrigramSimilarity
from django.db import connection
from django.db.models import QuerySet
from django.db.models.functions import Greatest
from django.utils import timezone

from cases.models import Case
from common import access
from common.crypto import keyed_hash
from petitions.models import Petition, Petitioner, ReceptionDay
from petitions.validators import normalise_id_number

CANDIDATE_LIMIT = 5


def petition_list(user) -> QuerySet[Petition]:
    return (
        access.scope(user, Petition.objects.all())
        .select_related("case", "target_unit", "registered_by")
        .prefetch_related("petitioners")
    )


def petition_get_for_user(*, user, pk) -> Petition:
    return access.get_for_user(
        user,
        Petition.objects.select_related(
            "case",
            "target_unit",
            "registered_by",
            "decided_by",
            "reception_day__leader",
        ).prefetch_related("petitioners"),
        pk=pk,
    )


def petitioner_get_for_user(*, user, pk) -> Petitioner:
    return access.get_for_user(user, Petitioner.objects.all(), pk=pk)


def reception_days_upcoming(user=None, *, public=False) -> QuerySet[ReceptionDay]:
    qs = ReceptionDay.objects.select_related("leader").filter(
        date__gte=timezone.localdate()
    )
    if public:
        return qs.filter(is_published=True)
    return access.scope(user, qs)


def reception_days_for_choice(user) -> QuerySet[ReceptionDay]:
    return access.scope(user, ReceptionDay.objects.select_related("leader")).order_by(
        "-date"
    )


# --- repeat detection ---------------------------------------------------------------


class Candidate:
    """An existing case the new petition may be about, and why."""

    def __init__(self, case, *, same_petitioner=False, score=0.0):
        self.case = case
        self.same_petitioner = same_petitioner
        self.score = score

    @property
    def score_percent(self) -> int:
        return round(self.score * 100)


def _bigrams(text: str) -> set[str]:
    text = re.sub(r"\s+", "", text)
    return {text[i : i + 2] for i in range(len(text) - 1)}


def likely_cases(
    *, user, id_numbers, text: str = "", title: str = "", content: str = "", demands=""
) -> list[Candidate]:
    """Cases the petition is likely about: the same petitioner's cases (by ID
    hash, whatever their status) first, then the open cases with the most
    similar texts. pg_trgm scores Chinese low, so the best few are ranked, never
    cut at a fixed threshold. `title`, `content` and `demands` are compared
    with the case's title, summary and demands; `text` stands in for any of
    them not given."""
    visible = access.scope(user, Case.objects.all()).select_related(
        "owning_unit", "category"
    )
    hashes = [keyed_hash(normalise_id_number(n)) for n in id_numbers if n]
    found: dict[int, Candidate] = {}
    if hashes:
        same = (
            visible.filter(petitions__petitioners__id_number_hash__in=hashes)
            .distinct()
            .order_by("-opened_on")[:CANDIDATE_LIMIT]
        )
        for case in same:
            found[case.pk] = Candidate(case, same_petitioner=True)
    parts = {
        "title": (title or text).strip()[:200],
        "summary": (content or text).strip()[:500],
        "demands": (demands or text).strip()[:500],
    }
    text = " ".join(dict.fromkeys(p for p in parts.values() if p))[:500]
    if text:
        for case, score in _similar(visible, text, parts):
            if case.pk in found:
                found[case.pk].score = score
            elif len(found) < CANDIDATE_LIMIT * 2:
                found[case.pk] = Candidate(case, score=score)
    ranked = sorted(
        found.values(), key=lambda c: (not c.same_petitioner, -c.score, -c.case.pk)
    )
    return ranked[: CANDIDATE_LIMIT + len(hashes)]


def _similar(visible, text, parts):
    if connection.vendor == "postgresql":
        # Open cases only: a closed matter is not attached to again (it goes to
        # review); the same petitioner's closed cases are still found above.
        # The nearest few by each column, found by walking the partial GiST
        # trigram indexes (cases/migrations/0006), then ranked by the best of
        # the three similarities to the whole text. The cost follows the number
        # of open cases, not of all cases ever handled.
        open_cases = visible.exclude(status=Case.Status.CLOSED)
        nearest = set()
        for column, query in parts.items():
            if query:
                nearest.update(
                    open_cases.annotate(distance=TrigramDistance(column, query))
                    .order_by("distance")
                    .values_list("pk", flat=True)[:CANDIDATE_LIMIT]
                )
        rows = (
            visible.filter(pk__in=nearest)
            .annotate(
                score=Greatest(
                    TrigramSimilarity("title", text),
                    TrigramSimilarity("summary", text),
                    TrigramSimilarity("demands", text),
                )
            )
            .filter(score__gt=0)
            .order_by("-score", "-pk")[:CANDIDATE_LIMIT]
        )
        return [(case, case.score) for case in rows]
    # SQLite (the zero-setup default): character bigram overlap over recent cases.
    words = _bigrams(text)
    scored = []
    open_cases = visible.exclude(status=Case.Status.CLOSED)
    for case in open_cases.order_by("-opened_on", "-pk")[:500]:
        other = _bigrams(case.title + case.summary + case.demands)
        if words and other:
            score = len(words & other) / len(words | other)
            if score > 0:
                scored.append((case, score))
    scored.sort(key=lambda pair: -pair[1])
    return scored[:CANDIDATE_LIMIT]


def open_for_query(petition: Petition) -> dict:
    """What the public page shows: stage, status, next deadline, public replies."""
    case = petition.case
    replies = []
    if petition.decision != Petition.Decision.PENDING:
        replies.append((petition.decided_at, petition.decision_reason))
    if case is not None:
        for entry in case.progress.filter(is_public=True).order_by("created_at"):
            replies.append((entry.created_at, entry.content))
        for closing in case.closings.filter(decision="approved").order_by("decided_at"):
            replies.append((closing.decided_at, closing.reply))
    replies.sort(key=lambda pair: pair[0])
    if case is None:
        next_deadline = petition.handover_due if not petition.is_decided else None
    elif case.status == Case.Status.CLOSED:
        next_deadline = None
    else:
        next_deadline = case.due_date
    return {
        "petition": petition,
        "case": case,
        "replies": replies,
        "next_deadline": next_deadline,
    }
