"""Writes of the recruitment app: categories, the pool, quotas, selection, invitations."""

from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from polyvox.accounts.models import User
from polyvox.audit.services import audit_record
from polyvox.deliberation.models import Participant
from polyvox.dialogues.models import Site
from polyvox.engines import sortition
from polyvox.people.models import Person
from polyvox.recruitment import selectors
from polyvox.recruitment.digests import (
    email_digest_for,
    household_key_for,
    participant_digest_for,
)
from polyvox.recruitment.models import (
    Category,
    CategoryValue,
    Invitation,
    PoolImport,
    Quota,
    SelectionRun,
    SiteRecruitment,
    Volunteer,
)
from polyvox.recruitment.tabular import Problem, Table, TableError, read_table

CONSENT_VERSION = "2026-11"
PERSON_COLUMNS = ("name", "email", "phone", "address", "language")
PERSON_FIELDS = {"name": "full_name", "email": "email", "phone": "phone"}
MAX_REPORTED_PROBLEMS = 50
PROGRESS_EVERY = 250  # rows checked between two progress reports


# --- categories -----------------------------------------------------------------------


@transaction.atomic
def categories_import(*, site: Site, table: Table, actor: User | None = None) -> int:
    """Replace the site's categories with those of a file: category, value, share and
    labels (`category_label`, `value_label`, or per language `value_label_fr`…).

    Refused once the pool has volunteers, whose answers refer to the old values.
    """
    if Volunteer.objects.filter(site=site).exists():
        raise TableError([Problem(table.file, None, None, _("the pool already has volunteers"))])
    problems = _require_columns(table, ("category", "value"))
    if problems:
        raise TableError(problems)
    parsed: dict[str, dict[str, Any]] = {}
    for number, row in table.rows:
        category_key, value_key = row["category"].casefold(), row["value"].casefold()
        for column, text in (("category", category_key), ("value", value_key)):
            if not text:
                problems.append(Problem(table.file, number, column, _("this cell is blank")))
            elif not _is_key(text):
                problems.append(
                    Problem(table.file, number, column, _("use only letters, digits, - and _"))
                )
        share = _share(table.file, number, row.get("share", ""), problems)
        if not category_key or not value_key:
            continue
        category = parsed.setdefault(
            category_key, {"label": _labels(site, row, "category_label"), "values": {}}
        )
        if value_key in category["values"]:
            problems.append(Problem(table.file, number, "value", _("this value appears twice")))
            continue
        labels = _labels(site, row, "value_label") or {site.languages[0]: value_key}
        category["values"][value_key] = (labels, share)
    if not parsed and not problems:
        problems.append(Problem(table.file, None, None, _("the file has no rows")))
    if problems:
        raise TableError(problems[:MAX_REPORTED_PROBLEMS])
    Category.objects.filter(site=site).delete()
    for position, (key, category) in enumerate(parsed.items()):
        category_define(
            site=site,
            key=key,
            label=category["label"] or {site.languages[0]: key},
            values=[
                (value_key, labels, share)
                for value_key, (labels, share) in category["values"].items()
            ],
            position=position,
        )
    audit_record(
        actor=actor,
        action="categories.import",
        site=site,
        target=table.file,
        details={"file": table.file, "categories": len(parsed)},
    )
    return len(parsed)


def category_define(
    *,
    site: Site,
    key: str,
    label: dict[str, str],
    values: list[tuple[str, dict[str, str], float | None]],
    position: int = 0,
) -> Category:
    category, _created = Category.objects.update_or_create(
        site=site, key=key, defaults={"label": label, "position": position}
    )
    for value_position, (value_key, value_label, share) in enumerate(values):
        CategoryValue.objects.update_or_create(
            category=category,
            key=value_key,
            defaults={
                "label": value_label,
                "population_share": share,
                "position": value_position,
            },
        )
    return category


def _is_key(text: str) -> bool:
    return all(char.isalnum() or char in "-_" for char in text)


def _labels(site: Site, row: dict[str, str], prefix: str) -> dict[str, str]:
    labels = {}
    if row.get(prefix):
        labels[site.languages[0] if site.languages else "en"] = row[prefix]
    for column, text in row.items():
        if column.startswith(prefix + "_") and text:
            labels[column.removeprefix(prefix + "_")] = text
    return labels


def _share(file: str, number: int, text: str, problems: list[Problem]) -> float | None:
    if not text:
        return None
    try:
        share = float(text.rstrip("%").replace(",", ".")) / (100 if text.endswith("%") else 1)
    except ValueError:
        share = -1.0
    if not 0 <= share <= 1:
        problems.append(
            Problem(file, number, "share", _("give a share between 0 and 1, or a percentage"))
        )
        return None
    return share


def _require_columns(table: Table, columns: tuple[str, ...]) -> list[Problem]:
    return [
        Problem(table.file, 1, column, _("this column is missing"))
        for column in columns
        if column not in table.header
    ]


# --- the pool ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Registration:
    full_name: str
    email: str
    phone: str
    address: str
    language: str
    values: dict[str, str]


class DuplicateVolunteerError(Exception):
    pass


@transaction.atomic
def volunteer_register(
    *, site: Site, registration: Registration, consent: bool, source: str = "registration"
) -> Volunteer:
    """One volunteer and their person record, together; the database refuses a second
    registration with the same email at the same site."""
    if not consent:
        raise ValidationError(_("Consent is required to register."))
    person = Person.objects.create(
        full_name=registration.full_name,
        email=registration.email,
        phone=registration.phone,
        postal_address=registration.address,
        preferred_language=registration.language,
        consent_given_at=timezone.now(),
        consent_version=CONSENT_VERSION,
    )
    try:
        # A savepoint, so the outer transaction survives the refused insert.
        with transaction.atomic():
            return Volunteer.objects.create(
                site=site,
                person=person,
                values=registration.values,
                household_key=household_key_for(registration.address),
                email_digest=email_digest_for(registration.email),
                source=source,
            )
    except IntegrityError:
        transaction.set_rollback(True)
        raise DuplicateVolunteerError from None


def pool_import(
    *, site: Site, table: Table, on_progress: sortition.ProgressCallback | None = None
) -> int:
    """Add every row of the file to the site's pool, or none of them.

    Checking the rows (the long part) reports its progress outside any transaction, so
    the progress is visible while it runs; the writes then happen in one transaction."""
    return _pool_write(site, table, _pool_check(site, table, on_progress or _no_progress))


def _pool_check(site: Site, table: Table, report: sortition.ProgressCallback) -> list[Registration]:
    """Every row as a registration, or a TableError listing the problems of the file."""
    categories = selectors.site_categories(site=site)
    if not categories:
        raise TableError([Problem(table.file, None, None, _("define the categories first"))])
    problems = _require_columns(table, (*PERSON_COLUMNS, *(c.key for c in categories)))
    if problems:
        raise TableError(problems)
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
        raise TableError(problems[:MAX_REPORTED_PROBLEMS])
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
        raise TableError(
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
    except TableError as error:
        upload.status = PoolImport.Status.REFUSED
        upload.problems = [str(problem) for problem in error.problems]
        details = {"file": upload.file_name, "problems": len(error.problems)}
        _pool_import_end(upload, "pool.import_refused", details)


@transaction.atomic
def _pool_import_end(upload: PoolImport, action: str, details: dict[str, Any]) -> None:
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


@transaction.atomic
def registration_set(*, site: Site, is_open: bool, actor: User) -> None:
    """Open or close the site's public registration page."""
    settings_row, _created = SiteRecruitment.objects.get_or_create(site=site)
    if settings_row.registration_open == is_open:
        return
    settings_row.registration_open = is_open
    settings_row.save(update_fields=["registration_open"])
    action = "registration.open" if is_open else "registration.close"
    audit_record(actor=actor, action=action, site=site)


# --- quotas -----------------------------------------------------------------------------


@transaction.atomic
def quotas_save(
    *, site: Site, bounds: dict[int, tuple[int, int]], actor: User | None = None
) -> None:
    """Set min and max for each category value of the site (by CategoryValue id), and
    record what changed in the audit trail."""
    values = CategoryValue.objects.filter(category__site=site, id__in=list(bounds)).select_related(
        "category", "quota"
    )
    changes = {}
    for value in values:
        low, high = bounds[value.id]
        quota = getattr(value, "quota", None)
        before = (quota.min, quota.max) if quota else None
        if before == (low, high):
            continue
        Quota.objects.update_or_create(
            value=value, defaults={"site": site, "min": low, "max": high}
        )
        changes[f"{value.category.key}={value.key}"] = (
            f"{_bounds_text(before)} → {_bounds_text((low, high))}"
        )
    if changes:
        audit_record(actor=actor, action="quotas.change", site=site, details=changes)


def _bounds_text(bounds: tuple[int, int] | None) -> str:
    return "—" if bounds is None else f"{bounds[0]}–{bounds[1]}"


def quotas_from_population(*, site: Site, panel_size: int, slack: int = 2) -> None:
    """Quotas around each value's population share (or open when unknown)."""
    bounds = {}
    for category in selectors.site_categories(site=site):
        for value in category.values.all():
            if value.population_share is None:
                bounds[value.id] = (0, panel_size)
            else:
                expected = value.population_share * panel_size
                bounds[value.id] = (
                    max(0, math.floor(expected) - slack),
                    min(panel_size, math.ceil(expected) + slack),
                )
    quotas_save(site=site, bounds=bounds)


# --- selection --------------------------------------------------------------------------


class SelectionError(Exception):
    pass


@transaction.atomic
def selection_prepare(
    *, site: Site, panel_size: int, reserves: int, algorithm: str, created_by: User | None
) -> SelectionRun:
    """Freeze the pool and quotas and compute the commitment to publish before the draw.
    The lottery itself is computed by the `recruitment.selection` job."""
    if algorithm not in sortition.ALGORITHMS:
        raise SelectionError(_("Unknown algorithm."))
    if SelectionRun.objects.filter(site=site, status=SelectionRun.Status.DRAWN).exists():
        raise SelectionError(_("This site's panel has already been drawn."))
    frozen = selectors.pool_frozen(site=site, panel_size=panel_size)
    pool, quotas = selectors.engine_input(frozen)
    if not 0 < panel_size <= pool.size:
        raise SelectionError(
            _("The panel size must be between 1 and the pool size (%(n)s).") % {"n": pool.size}
        )
    # Refuse impossible quotas now, with the relaxation to make, rather than after a job.
    problems = selectors.quota_engine_problems(site=site, panel_size=panel_size, entered=None)
    if problems:
        raise SelectionError("\n".join(problems))
    run = SelectionRun.objects.create(
        site=site,
        algorithm=algorithm,
        panel_size=panel_size,
        reserves=reserves,
        frozen=frozen,
        created_by=created_by,
    )
    run.commitment = sortition.commitment_for(
        pool,
        quotas,
        panel_size,
        algorithm=selectors.algorithm_of(run),
        panels=run.panels,
        seed=run.seed,
    )
    run.save(update_fields=["commitment"])
    return run


def selection_compute(*, run: SelectionRun, on_progress: sortition.ProgressCallback) -> None:
    """Find the fairest distribution over panels and round it to the published lottery."""
    pool, quotas = selectors.engine_input(run.frozen)
    try:
        distribution = sortition.find_distribution(
            pool,
            quotas,
            run.panel_size,
            algorithm=selectors.algorithm_of(run),
            seed=run.seed,
            on_progress=on_progress,
        )
        lottery = sortition.round_to_lottery(distribution, panels=run.panels, seed=run.seed)
    except sortition.InfeasibleQuotasError as error:
        run.status = SelectionRun.Status.FAILED
        run.error = _infeasibility_text(run.site, error)
        _selection_run_save(run, ["status", "error"])
        raise SelectionError(run.error) from None
    run.lottery = {
        "panels": [list(panel) for panel in lottery.panels],
        "probabilities": list(lottery.probabilities),
        "max_deviation": lottery.max_deviation,
        "bound": lottery.bound,
    }
    run.minimum_probability = distribution.minimum_probability
    run.number_of_panels = len(set(lottery.panels))
    run.status = SelectionRun.Status.PREPARED
    _selection_run_save(run, ["lottery", "minimum_probability", "number_of_panels", "status"])


@transaction.atomic
def _selection_run_save(run: SelectionRun, fields: list[str]) -> None:
    """Save the run's outcome and its audit entry together, so neither exists alone."""
    run.save(update_fields=fields)
    audit_record(
        actor=run.created_by,
        action="selection.run",
        site=run.site,
        target=f"selection {run.id}",
        details={
            "algorithm": run.algorithm,
            "seed": run.seed,
            "input_hash": run.commitment,
            "panel_size": run.panel_size,
            "minimum_probability": run.minimum_probability,
            "status": run.status,
        },
    )


def _infeasibility_text(site: Site, error: sortition.InfeasibleQuotasError) -> str:
    return "\n".join(selectors.infeasibility_lines(error, selectors.value_labels(site=site)))


def panel_hash(ids: list[str]) -> str:
    """A short fingerprint of a panel, for the audit trail: the SHA-256 of its sorted ids."""
    return hashlib.sha256("\n".join(sorted(ids)).encode()).hexdigest()


@transaction.atomic
def selection_draw(
    *, run: SelectionRun, public_random: str, actor: User | None = None
) -> SelectionRun:
    """Draw the panel from the published lottery with a public random value, then give
    the panel and the reserves their pseudonymous participants."""
    public_random = public_random.strip()
    if not public_random:
        raise SelectionError(_("Enter the public random value."))
    # Compare-and-set: of two simultaneous draws, only one finds the run still prepared.
    claimed = SelectionRun.objects.filter(id=run.id, status=SelectionRun.Status.PREPARED).update(
        status=SelectionRun.Status.DRAWN, public_random=public_random, drawn_at=timezone.now()
    )
    if not claimed:
        raise SelectionError(_("This lottery is not ready to draw, or was drawn already."))
    run.refresh_from_db()
    lottery = sortition.Lottery(
        panels=tuple(tuple(panel) for panel in run.lottery["panels"]),
        probabilities=tuple(run.lottery["probabilities"]),
        max_deviation=run.lottery["max_deviation"],
        bound=run.lottery["bound"],
    )
    result = sortition.draw(lottery, commitment=run.commitment, public_random=public_random)
    ids = run.frozen["ids"]
    run.selected_ids = [ids[person] for person in result.panel]
    run.reserve_ids = _reserve_ids(run, set(result.panel), result.seed_hex)
    run.draw_seed, run.ticket = result.seed_hex, result.ticket
    _seat(run.site, run.selected_ids, Participant.Status.SELECTED, Volunteer.Status.SELECTED)
    _seat(run.site, run.reserve_ids, Participant.Status.RESERVE, Volunteer.Status.RESERVE)
    run.report = selectors.selection_report_data(run=run)
    run.save(update_fields=["selected_ids", "reserve_ids", "draw_seed", "ticket", "report"])
    audit_record(
        actor=actor,
        action="selection.draw",
        site=run.site,
        target=f"selection {run.id}",
        details={
            "public_random": run.public_random,
            "draw_seed": run.draw_seed,
            "ticket": run.ticket,
            "panel_hash": panel_hash(run.selected_ids),
            "reserves": len(run.reserve_ids),
        },
    )
    return run


def _reserve_ids(run: SelectionRun, panel: set[int], seed_hex: str) -> list[str]:
    """Reserves in an order fixed by the draw's seed, none sharing a home with the panel
    or with each other."""
    ids, households = run.frozen["ids"], run.frozen["households"]
    taken = {households[person] for person in panel if households[person]}
    order = sorted(
        (person for person in range(len(ids)) if person not in panel),
        key=lambda person: hashlib.sha256(f"{seed_hex}:reserve:{ids[person]}".encode()).digest(),
    )
    chosen: list[str] = []
    for person in order:
        if len(chosen) >= run.reserves:
            break
        home = households[person]
        if home and home in taken:
            continue
        taken.add(home)
        chosen.append(ids[person])
    return chosen


def _seat(site: Site, ids: list[str], participant_status: str, volunteer_status: str) -> None:
    volunteers = Volunteer.objects.filter(site=site, id__in=[int(i) for i in ids]).select_related(
        "person"
    )
    for volunteer in volunteers:
        participant = Participant.objects.create(
            site=site,
            language=volunteer.person.preferred_language,
            categories=volunteer.values,
            status=participant_status,
        )
        volunteer.participant_digest = participant_digest_for(participant.pseudonym)
        volunteer.status = volunteer_status
        volunteer.save(update_fields=["participant_digest", "status"])


# --- invitations and replacements -------------------------------------------------------


def invitations_send(*, site: Site, actor: User | None = None) -> int:
    """Email every selected volunteer and reserve not yet invited, with their voting code."""
    participants = selectors.participants_by_digest(site=site)
    kinds = {
        Volunteer.Status.SELECTED: Invitation.Kind.PANEL,
        Volunteer.Status.RESERVE: Invitation.Kind.RESERVE,
    }
    sent = 0
    volunteers = Volunteer.objects.filter(site=site, status__in=list(kinds)).select_related(
        "person"
    )
    for volunteer in volunteers:
        invitation, _created = Invitation.objects.get_or_create(
            volunteer=volunteer, kind=kinds[Volunteer.Status(volunteer.status)]
        )
        participant = participants.get(volunteer.participant_digest)
        if invitation.sent_at is not None or participant is None or not volunteer.person.email:
            continue
        _email_invitation(site, invitation, volunteer.person, participant)
        Invitation.objects.filter(id=invitation.id).update(sent_at=timezone.now())
        sent += 1
    audit_record(actor=actor, action="invitations.send", site=site, details={"sent": sent})
    return sent


def _email_invitation(
    site: Site, invitation: Invitation, person: Person, participant: Participant
) -> None:
    link = settings.SITE_URL.rstrip("/") + reverse(
        "recruitment:invitation", args=[invitation.token]
    )
    context = {
        "site": site,
        "dialogue": site.dialogue,
        "invitation": invitation,
        "code": participant.code,
        "link": link,
    }
    with translation.override(person.preferred_language):
        subject = _("Your invitation to the citizens' dialogue in %(city)s") % {"city": site.city}
        body = render_to_string("recruitment/email/invitation.txt", context)
    send_mail(subject, body, None, [person.email])


class AnswerError(Exception):
    pass


@transaction.atomic
def invitation_answer(*, invitation: Invitation, answer: str) -> bool:
    """Record a confirmation or a decline once; returns whether replacements are needed."""
    if answer not in Invitation.Answer.values:
        raise AnswerError(_("Choose to confirm or to decline."))
    # Compare-and-set: a second click (or a second tab) finds the answer already given.
    recorded = Invitation.objects.filter(id=invitation.id, answered_at=None).update(
        answered_at=timezone.now(), answer=answer
    )
    if not recorded:
        raise AnswerError(_("You have already answered this invitation."))
    volunteer = Volunteer.objects.select_for_update().get(id=invitation.volunteer_id)
    participant = selectors.participants_by_digest(site=volunteer.site).get(
        volunteer.participant_digest
    )
    declined = answer == Invitation.Answer.DECLINED
    if participant is not None and (declined or invitation.kind == Invitation.Kind.PANEL):
        participant.status = (
            Participant.Status.DECLINED if declined else Participant.Status.CONFIRMED
        )
        participant.save(update_fields=["status"])
    if not declined:
        return False
    if volunteer.status == Volunteer.Status.SELECTED:
        volunteer.status = Volunteer.Status.DECLINED
        volunteer.save(update_fields=["status"])
        return True
    volunteer.status = Volunteer.Status.WITHDRAWN
    volunteer.save(update_fields=["status"])
    return False


@transaction.atomic
def replacements_make(
    *, run: SelectionRun, on_progress: sortition.ProgressCallback | None = None
) -> list[str]:
    """Replace the panel members who declined, keeping every quota and household rule."""
    SelectionRun.objects.select_for_update().get(id=run.id)  # one replacement at a time
    in_pool = set(run.frozen["ids"])
    statuses = {
        str(volunteer_id): status
        for volunteer_id, status in Volunteer.objects.filter(site=run.site).values_list(
            "id", "status"
        )
        if str(volunteer_id) in in_pool
    }
    declined = [i for i, s in statuses.items() if s == Volunteer.Status.DECLINED]
    if not declined:
        return []
    panel = [i for i, s in statuses.items() if s == Volunteer.Status.SELECTED]
    gone = [i for i, s in statuses.items() if s in (Volunteer.Status.REPLACED, "withdrawn")]
    pool, quotas = selectors.engine_input(run.frozen)
    done = run.report.get("replacements", 0)
    seed = int(hashlib.sha256(f"{run.draw_seed}:replacements:{done}".encode()).hexdigest(), 16)
    try:
        chosen = sortition.find_replacements(
            pool,
            quotas,
            selected_ids=panel + declined,
            declined_ids=declined + gone,
            seed=seed % 2**31,
            algorithm=selectors.algorithm_of(run),
            on_progress=on_progress,
        )
    except sortition.InfeasibleQuotasError as error:
        raise SelectionError(_infeasibility_text(run.site, error)) from None
    reserves = [i for i in chosen if statuses.get(i) == Volunteer.Status.RESERVE]
    _promote_reserves(run.site, reserves)
    _seat(
        run.site,
        [i for i in chosen if i not in reserves],
        Participant.Status.SELECTED,
        Volunteer.Status.SELECTED,
    )
    Volunteer.objects.filter(site=run.site, id__in=[int(i) for i in declined]).update(
        status=Volunteer.Status.REPLACED
    )
    run.report["replacements"] = done + len(chosen)
    run.save(update_fields=["report"])
    # Started by the decliners' answers, not by a person of the team: no actor.
    audit_record(
        actor=None,
        action="replacements.draw",
        site=run.site,
        target=f"selection {run.id}",
        details={
            "declined": len(declined),
            "replacements": len(chosen),
            "panel_hash": panel_hash([*panel, *chosen]),
        },
    )
    return chosen


def _promote_reserves(site: Site, ids: list[str]) -> None:
    participants = selectors.participants_by_digest(site=site)
    for volunteer in Volunteer.objects.filter(site=site, id__in=[int(i) for i in ids]):
        participant = participants.get(volunteer.participant_digest)
        if participant is not None:
            participant.status = Participant.Status.SELECTED
            participant.save(update_fields=["status"])
        volunteer.status = Volunteer.Status.SELECTED
        volunteer.save(update_fields=["status"])
