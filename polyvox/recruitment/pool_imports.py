"""Pool files: uploaded, checked row by row, then imported all or nothing by a job."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from polyvox.accounts.models import User
from polyvox.audit.services import audit_record
from polyvox.dialogues.models import Site
from polyvox.engines import sortition
from polyvox.jobs.services import job_enqueue
from polyvox.lib.problems import Problem, ProblemsError
from polyvox.lib.tabular import Table, read_table
from polyvox.people.digests import email_digest_for, household_key_for
from polyvox.people.models import Person
from polyvox.recruitment import selectors
from polyvox.recruitment.files import MAX_REPORTED_PROBLEMS, require_columns
from polyvox.recruitment.models import Category, PoolImport, Volunteer
from polyvox.recruitment.records import POOL_IMPORT, PoolImportJob, record_dump
from polyvox.recruitment.registration import Registration

PERSON_COLUMNS = ("name", "email", "phone", "address", "language")
PERSON_FIELDS = {"name": "full_name", "email": "email", "phone": "phone"}
PROGRESS_EVERY = 250  # rows checked between two progress reports


def pool_import(
    *, site: Site, table: Table, on_progress: sortition.ProgressCallback | None = None
) -> int:
    """Add every row of the file to the site's pool, or none of them.

    Checking the rows (the long part) reports its progress outside any transaction, so
    the progress is visible while it runs; the writes then happen in one transaction."""
    return _pool_write(site, table, _pool_check(site, table, on_progress or _no_progress))


def _pool_check(site: Site, table: Table, report: sortition.ProgressCallback) -> list[Registration]:
    """Every row as a registration, or a ProblemsError listing the problems of the file."""
    categories = selectors.site_categories(site=site)
    if not categories:
        raise ProblemsError([Problem(table.file, None, None, _("define the categories first"))])
    problems = require_columns(table, (*PERSON_COLUMNS, *(c.key for c in categories)))
    if problems:
        raise ProblemsError(problems)
    registrations = []
    total = len(table.rows)
    for done, (number, row) in enumerate(table.rows):
        if done % PROGRESS_EVERY == 0:
            report(
                0.1 + 0.7 * done / total,
                _("Checking row %(done)s of %(total)s") % {"done": done + 1, "total": total},
            )
        registrations.append(_pool_row(site, categories, table, number, row, problems))
    _check_emails(site, table, problems)
    if not table.rows:
        problems.append(Problem(table.file, None, None, _("the file has no rows")))
    if problems:
        raise ProblemsError(problems[:MAX_REPORTED_PROBLEMS])
    report(0.85, _("Saving %(n)s volunteers") % {"n": total})
    return [r for r in registrations if r is not None]


def _no_progress(fraction: float, message: str = "") -> None:
    pass


@transaction.atomic
def _pool_write(site: Site, table: Table, registrations: list[Registration]) -> int:
    now = timezone.now()
    people = Person.objects.bulk_create(
        [
            Person(
                full_name=r.full_name,
                email=r.email,
                phone=r.phone,
                postal_address=r.address,
                preferred_language=r.language,
                consent_given_at=now,
                consent_version=f"import:{table.file}"[:40],
            )
            for r in registrations
        ]
    )
    volunteers = [
        Volunteer(
            site=site,
            person=person,
            values=r.values,
            household_key=household_key_for(r.address),
            email_digest=email_digest_for(r.email),
            source=Volunteer.Source.IMPORT,
        )
        for person, r in zip(people, registrations, strict=True)
    ]
    try:
        with transaction.atomic():
            Volunteer.objects.bulk_create(volunteers)
    except IntegrityError:
        # Someone registered with one of these emails while the file was checked.
        transaction.set_rollback(True)
        raise ProblemsError(
            [Problem(table.file, None, "email", _("an email is already in the pool"))]
        ) from None
    return len(volunteers)


def _pool_row(
    site: Site,
    categories: list[Category],
    table: Table,
    number: int,
    row: dict[str, str],
    problems: list[Problem],
) -> Registration | None:
    before = len(problems)

    def problem(column: str, message: str) -> None:
        problems.append(Problem(table.file, number, column, message))

    for column in ("name", "email", "language"):
        if not row[column]:
            problem(column, _("this cell is blank"))
    for column, field in PERSON_FIELDS.items():
        limit = getattr(Person._meta.get_field(field), "max_length", None)
        if limit is not None and len(row[column]) > limit:
            problem(column, _("longer than %(n)s characters") % {"n": limit})
    if row["email"]:
        try:
            validate_email(row["email"])
        except ValidationError:
            problem("email", _("not a valid email address"))
    if row["language"] and row["language"].casefold() not in site.languages:
        problem(
            "language",
            _("unknown language %(value)s; the site uses %(known)s")
            % {"value": row["language"], "known": ", ".join(site.languages)},
        )
    values = {}
    for category in categories:
        text = row[category.key].casefold()
        known = [value.key for value in category.values.all()]
        if not text:
            problem(category.key, _("this cell is blank"))
        elif text not in known:
            problem(
                category.key,
                _("unknown value %(value)s; known values: %(known)s")
                % {"value": row[category.key], "known": ", ".join(known)},
            )
        values[category.key] = text
    if len(problems) > before:
        return None
    return Registration(
        full_name=row["name"],
        email=row["email"],
        phone=row["phone"],
        address=row["address"],
        language=row["language"].casefold(),
        values=values,
    )


def _check_emails(site: Site, table: Table, problems: list[Problem]) -> None:
    first_row: dict[str, int] = {}
    for number, row in table.rows:
        digest = email_digest_for(row["email"])
        if not digest:
            continue
        if digest in first_row:
            problems.append(
                Problem(
                    table.file,
                    number,
                    "email",
                    _("the same email as row %(row)s") % {"row": first_row[digest]},
                )
            )
        first_row.setdefault(digest, number)
    taken = set(
        Volunteer.objects.filter(site=site, email_digest__in=list(first_row)).values_list(
            "email_digest", flat=True
        )
    )
    problems += [
        Problem(table.file, number, "email", _("this email is already in the pool"))
        for digest, number in first_row.items()
        if digest in taken
    ]


def pool_import_upload(
    *, site: Site, file_name: str, content: bytes, language: str, created_by: User
) -> PoolImport:
    """Keep an uploaded pool file until the `recruitment.pool_import` job reads it."""
    return PoolImport.objects.create(
        site=site,
        file_name=file_name[:200],
        content=content,
        language=language,
        created_by=created_by,
    )


@transaction.atomic
def pool_import_queue(
    *, site: Site, file_name: str, content: bytes, language: str, created_by: User
) -> PoolImport:
    """Keep an uploaded pool file and queue the job that imports it, in one transaction:
    the job starts once both are committed, and neither exists without the other."""
    upload = pool_import_upload(
        site=site, file_name=file_name, content=content, language=language, created_by=created_by
    )
    upload.job = job_enqueue(
        kind=POOL_IMPORT,
        params=record_dump(PoolImportJob(import_id=upload.id)),
        dialogue=site.dialogue,
        created_by=created_by,
    )
    upload.save(update_fields=["job"])
    return upload


def pool_import_run(*, upload: PoolImport, on_progress: sortition.ProgressCallback) -> None:
    """Import an uploaded file, all or nothing, and forget its bytes whatever happens.

    The volunteers, the import's outcome, its audit entry and the blanking of the bytes
    commit together: a worker killed at any moment leaves either all of them or none
    (and then the upload still waiting, bytes included, as if the job had not run)."""
    try:
        with translation.override(upload.language):
            _pool_import_attempt(upload, on_progress)
    except BaseException:
        # Everything above was rolled back; the file's personal data goes all the same.
        PoolImport.objects.filter(id=upload.id).update(content=b"", finished_at=timezone.now())
        raise


def _pool_import_attempt(upload: PoolImport, on_progress: sortition.ProgressCallback) -> None:
    on_progress(0.02, _("Reading the file"))
    try:
        table = read_table(name=upload.file_name, content=bytes(upload.content))
        registrations = _pool_check(upload.site, table, on_progress)
        with transaction.atomic():
            rows = _pool_write(upload.site, table, registrations)
            upload.status, upload.rows = PoolImport.Status.DONE, rows
            _pool_import_end(upload, "pool.import", {"file": upload.file_name, "rows": rows})
    except ProblemsError as error:
        upload.status = PoolImport.Status.REFUSED
        upload.problems = [str(problem) for problem in error.problems]
        details: dict[str, str | int] = {"file": upload.file_name, "problems": len(error.problems)}
        _pool_import_end(upload, "pool.import_refused", details)


@transaction.atomic
def _pool_import_end(upload: PoolImport, action: str, details: dict[str, str | int]) -> None:
    """Store the outcome set on `upload`, blank its bytes and record it on the audit trail."""
    upload.content, upload.finished_at = b"", timezone.now()
    upload.save(update_fields=["status", "rows", "problems", "content", "finished_at"])
    audit_record(
        actor=upload.created_by,
        action=action,
        site=upload.site,
        target=upload.file_name,
        details=details,
    )
