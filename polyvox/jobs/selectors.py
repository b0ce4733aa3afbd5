from __future__ import annotations

import uuid

from django.db.models import Q
from django.http import Http404

from polyvox.accounts.models import AnyUser
from polyvox.accounts.selectors import organised_dialogue_ids
from polyvox.jobs.models import Job


def access_job_for_user(*, user: AnyUser, job_id: uuid.UUID) -> Job:
    """The person who started a job and the organisers of its dialogue may follow it."""
    if not user.is_authenticated:
        raise Http404("No such job.")
    mine = Q(created_by_id=user.pk)
    # A superuser organises every dialogue (but not jobs that belong to none).
    organised = (
        Q(dialogue__isnull=False)
        if user.is_superuser
        else Q(dialogue_id__in=organised_dialogue_ids(user))
    )
    try:
        return Job.objects.get(Q(id=job_id) & (mine | organised))
    except Job.DoesNotExist:
        raise Http404("No such job.") from None
