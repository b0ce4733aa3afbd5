from __future__ import annotations

import uuid

from django.db.models import Q
from django.http import Http404

from polyvox.accounts.access import AnyUser, dialogues_organised_by
from polyvox.jobs.models import Job


def access_job_for_user(*, user: AnyUser, job_id: uuid.UUID) -> Job:
    """The person who started a job and the organisers of its dialogue may follow it."""
    if not user.is_authenticated:
        raise Http404("No such job.")
    mine = Q(created_by_id=user.pk)
    organised = Q(dialogue__in=dialogues_organised_by(user))
    try:
        return Job.objects.get(Q(id=job_id) & (mine | organised))
    except Job.DoesNotExist:
        raise Http404("No such job.") from None
