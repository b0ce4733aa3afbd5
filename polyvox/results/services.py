"""Writes for results: the snapshot every page reads, its recomputation, and reports."""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Iterable, Sequence

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from polyvox.accounts.models import User
from polyvox.audit.services import audit_record
from polyvox.core.translation import language_name
from polyvox.dialogues.models import Dialogue, Question, Site
from polyvox.engines.themes import Text as EngineText
from polyvox.engines.themes import Theme as EngineTheme
from polyvox.engines.themes import find_themes, merge_themes
from polyvox.jobs.models import Job
from polyvox.jobs.registry import ProgressReporter
from polyvox.jobs.services import job_enqueue
from polyvox.results.computation import results_compute
from polyvox.results.job_records import RecomputeParams, ReportParams, ThemesParams
from polyvox.results.models import (
    NOTES_SOURCE,
    PopulationOverride,
    ResultsSnapshot,
    Theme,
    ThemeQuote,
    theme_quotes_load,
    theme_strings_load,
)
from polyvox.results.reference_data import reference_live
from polyvox.results.selectors import (
    ThemeText,
    note_texts,
    public_note_ids,
    theme_texts,
    theme_texts_by_id,
)
from polyvox.results.snapshot import (
    dump_snapshot,
)

RECOMPUTE = "results.recompute"
REPORT = "results.report"


@transaction.atomic
def results_snapshot_refresh(*, dialogue: Dialogue) -> ResultsSnapshot:
    data = dump_snapshot(results_compute(dialogue=dialogue))
    snapshot, _created = ResultsSnapshot.objects.update_or_create(
        dialogue=dialogue, defaults={"data": data, "computed_at": timezone.now(), "charts": {}}
    )
    return snapshot


@transaction.atomic
def results_recompute_request(*, dialogue: Dialogue, created_by: User | None = None) -> Job:
    """Queue a recomputation unless one is already waiting: the waiting one will see new answers."""
    # Lock the dialogue row so two requests at once cannot both find no queued job.
    Dialogue.objects.select_for_update().filter(id=dialogue.id).first()
    waiting = Job.objects.filter(dialogue=dialogue, kind=RECOMPUTE, status=Job.Status.QUEUED)
    job = waiting.first()
    if job is not None:
        return job
    return job_enqueue(
        kind=RECOMPUTE,
        params=RecomputeParams(dialogue_id=dialogue.id).model_dump(),
        dialogue=dialogue,
        created_by=created_by,
    )


def report_request(
    *, dialogue: Dialogue, scope: str, language: str, created_by: User | None = None
) -> Job:
    params = ReportParams(
        dialogue_id=dialogue.id, scope=scope, language=language, request_key=uuid.uuid4().hex
    ).model_dump()
    job = job_enqueue(kind=REPORT, params=params, dialogue=dialogue, created_by=created_by)
    audit_record(
        actor=created_by,
        action="results.report",
        dialogue=dialogue,
        target=scope,
        details={"language": language, "job": str(job.id)},
    )
    return job


class PublicationError(ValueError):
    pass


@transaction.atomic
def results_publication_set(*, dialogue: Dialogue, published: bool, actor: User) -> None:
    """Publish the results as final, or take them back to provisional (as on the day)."""
    locked = Dialogue.objects.select_for_update().get(id=dialogue.id)
    before = locked.status
    if published and before != Dialogue.Status.DELIBERATING:
        raise PublicationError(_("Only the results of a dialogue under way can be published."))
    if not published and before != Dialogue.Status.RESULTS_PUBLISHED:
        raise PublicationError(_("These results are not published."))
    locked.status = Dialogue.Status.RESULTS_PUBLISHED if published else Dialogue.Status.DELIBERATING
    locked.save(update_fields=["status"])
    dialogue.status = locked.status
    sha256 = _reference_freeze(dialogue=dialogue) if published else _reference_thaw(dialogue)
    audit_record(
        actor=actor,
        action="results.publish" if published else "results.unpublish",
        dialogue=dialogue,
        details={"from": before, "to": locked.status, "reference_sha256": sha256},
    )
    # The snapshot is recomputed with the frozen (or again the live) reference data.
    results_recompute_request(dialogue=dialogue, created_by=actor)


def _reference_freeze(*, dialogue: Dialogue) -> str:
    """Keep the table's values for the dialogue's countries, with the overrides, so the
    published figures do not move when the table is updated."""
    record = reference_live(dialogue=dialogue)
    record["frozen_at"] = timezone.now().isoformat()
    snapshot = ResultsSnapshot.objects.filter(dialogue=dialogue).first()
    if snapshot is None:
        snapshot = results_snapshot_refresh(dialogue=dialogue)
    snapshot.reference_frozen = dict(record)
    snapshot.save(update_fields=["reference_frozen"])
    return record["sha256"]


def _reference_thaw(dialogue: Dialogue) -> str:
    """Provisional again: the figures follow today's table and overrides until republished."""
    ResultsSnapshot.objects.filter(dialogue=dialogue).update(reference_frozen={})
    return ""


class PopulationOverrideError(ValueError):
    pass


@transaction.atomic
def population_override_set(
    *, dialogue: Dialogue, country: str, population: int | None, source: str, actor: User
) -> PopulationOverride | None:
    """Give a country of the dialogue the organisers' own population figure and its source,
    or (population None) go back to the World Bank figure."""
    locked = Dialogue.objects.select_for_update().get(id=dialogue.id)
    if locked.status == Dialogue.Status.RESULTS_PUBLISHED:
        raise PopulationOverrideError(
            _(
                "The results are published with the figures they had then. Take them back "
                "to provisional to change a population."
            )
        )
    if not dialogue.sites.filter(country=country).exists():
        raise PopulationOverrideError(_("This dialogue has no site in that country."))
    override: PopulationOverride | None = None
    if population is None:
        PopulationOverride.objects.filter(dialogue=dialogue, country=country).delete()
    else:
        override, _created = PopulationOverride.objects.update_or_create(
            dialogue=dialogue,
            country=country,
            defaults={"population": population, "source": source},
        )
    audit_record(
        actor=actor,
        action="results.population_override",
        dialogue=dialogue,
        target=country,
        details={"population": population, "source": source[:300] if population else ""},
    )
    results_recompute_request(dialogue=dialogue, created_by=actor)
    return override


def results_export_record(
    *, dialogue: Dialogue, actor: User, dataset: str, fmt: str, site: Site | None = None
) -> None:
    """An organiser's or host's export of what the public cannot download."""
    audit_record(
        actor=actor,
        action="results.export",
        dialogue=dialogue,
        site=site,
        target=dataset,
        details={"format": fmt},
    )


# --- themes of open answers and recommendations ------------------------------------------

THEMES = "results.themes"
MAX_THEMES = 8
QUOTES_PER_THEME = 3
TITLE_TERMS = 3


def themes_request(
    *,
    dialogue: Dialogue,
    site: Site | None,
    question: Question | None,
    created_by: User,
    notes: bool = False,
) -> Job:
    """Queue the grouping of one source's texts; it replaces the source's earlier themes.
    With `notes`, the tables' notes (question None)."""
    params = ThemesParams(
        dialogue_id=dialogue.id,
        site_id=site.id if site else None,
        question_id=None if notes or question is None else question.id,
        notes=notes,
    ).model_dump()
    audit_record(
        actor=created_by,
        action="results.themes_compute",
        dialogue=dialogue,
        site=site,
        target=NOTES_SOURCE if notes else question.key if question else "recommendations",
    )
    return job_enqueue(kind=THEMES, params=params, dialogue=dialogue, created_by=created_by)


def themes_compute(
    *,
    dialogue: Dialogue,
    site: Site | None,
    question: Question | None,
    report: ProgressReporter | None = None,
    notes: bool = False,
) -> list[Theme]:
    """Group the texts of each language apart (words do not match across languages),
    then replace the source's themes in one transaction. With `notes`, the tables'
    notes (question None): quotes come only from notes marked public."""
    by_language: dict[str, list[ThemeText]] = defaultdict(list)
    texts = (
        note_texts(dialogue=dialogue, site=site)
        if notes
        else theme_texts(dialogue=dialogue, site=site, question=question)
    )
    for text in texts:
        by_language[text.language].append(text)
    quotable = public_note_ids(text.id for text in texts) if notes else None
    found: list[tuple[str, EngineTheme, dict[str, ThemeText]]] = []
    for done, (language, texts) in enumerate(sorted(by_language.items())):
        if report is not None:
            report(done / len(by_language), language)
        known = {text.id: text for text in texts}
        themes = find_themes(
            [EngineText(text.id, text.body) for text in texts],
            language=language,
            max_themes=MAX_THEMES,
            representatives=QUOTES_PER_THEME,
        )
        found += [(language, theme, known) for theme in themes]
    found.sort(key=lambda item: -item[1].size)
    rows = [
        Theme(
            dialogue=dialogue,
            site=site,
            question=question,
            language=language,
            position=position,
            # No title: the label terms are words, not a name. A theme is published once an
            # organiser names it (theme_update); the editor offers the terms as a start.
            title={},
            label_terms=list(theme.label_terms),
            size=theme.size,
            members=[text.id for text in theme.members],
            quotes=_distinct_quotes(
                known[text.id]
                for text in theme.representative
                if quotable is None or text.id in quotable
            ),
            source=NOTES_SOURCE if notes else "",
        )
        for position, (language, theme, known) in enumerate(found)
    ]
    with transaction.atomic():
        Theme.objects.filter(
            dialogue=dialogue,
            site=site,
            question=None if notes else question,
            source=NOTES_SOURCE if notes else "",
        ).delete()
        return Theme.objects.bulk_create(rows)


def theme_title(terms: Sequence[str]) -> str:
    """A suggested name from the label terms, skipping terms that repeat a word already said
    ("wifi" after "public wifi"): shown to organisers only, never published."""
    chosen: list[str] = []
    for term in terms:
        said = {word for picked in chosen for word in picked.split()}
        if not set(term.split()) & said:
            chosen.append(term)
        if len(chosen) == TITLE_TERMS:
            break
    title = ", ".join(chosen)
    return title[:1].upper() + title[1:]


def _distinct_quotes(texts: Iterable[ThemeText]) -> list[ThemeQuote]:
    """The same words twice say nothing more."""
    bodies = {text.body.casefold(): text for text in texts}
    return [_quote(text) for text in bodies.values()]


def _quote(text: ThemeText) -> ThemeQuote:
    return {"id": text.id, "text": text.text}


class ThemeEditError(ValueError):
    pass


@transaction.atomic
def theme_update(
    *, theme: Theme, title: dict[str, str], quote_ids: Sequence[str], actor: User
) -> Theme:
    """Name or translate a theme and choose its quotes (among its own texts). The name in
    the dialogue's main language is required: it is what every page shows where no
    translation is given, and a theme without it is not published."""
    title = {code: text.strip() for code, text in title.items() if text.strip()}
    main = theme.dialogue.source_language
    if main not in title:
        raise ThemeEditError(
            _("Give the theme a name in %(language)s, the dialogue's main language.")
            % {"language": language_name(main)}
        )
    members = Theme.objects.filter(id=theme.id).values_list("members", flat=True).first()
    if members is None:
        raise ThemeEditError(_("These themes were computed again: open the new ones."))
    own = set(members)
    strangers = [text_id for text_id in quote_ids if text_id not in own]
    if strangers:
        raise ThemeEditError(_("A quote must be one of the theme's own texts."))
    texts = theme_texts_by_id(quote_ids)
    theme.title = title
    theme.quotes = [_quote(texts[text_id]) for text_id in quote_ids if text_id in texts]
    theme.save(update_fields=["title", "quotes", "updated_at"])
    audit_record(
        actor=actor,
        action="results.theme_edit",
        dialogue=theme.dialogue,
        site=theme.site,
        target=str(theme.id),
        details={"languages": sorted(title), "quotes": len(theme.quotes)},
    )
    return theme


@transaction.atomic
def themes_merge(*, themes: Sequence[Theme], actor: User) -> Theme:
    """One theme from several of the same source, whatever their languages: the first
    keeps its place and names (the others' names fill its missing languages), takes every
    text, and its label terms and quotes alternate between the merged ones."""
    if len(themes) < 2:
        raise ThemeEditError(_("Choose at least two themes to merge."))
    scopes = {(t.dialogue_id, t.site_id, t.question_id, t.source) for t in themes}
    if len(scopes) > 1:
        raise ThemeEditError(_("Only themes of the same question and scope can be merged."))
    ordered = sorted(themes, key=lambda t: (t.position, t.id))
    quotes = {quote["id"]: quote for theme in ordered for quote in theme_quotes_load(theme.quotes)}
    engine_themes = [
        EngineTheme(
            id=theme.id,
            label_terms=tuple(theme_strings_load(theme.label_terms)),
            members=tuple(EngineText(text_id, "") for text_id in theme_strings_load(theme.members)),
            representative=tuple(
                EngineText(quote["id"], "") for quote in theme_quotes_load(theme.quotes)
            ),
        )
        for theme in ordered
    ]
    (merged,) = merge_themes(engine_themes, {theme.id for theme in ordered})
    first = ordered[0]
    # The first named theme's names win; a later one only adds languages it lacks.
    named = sorted(ordered, key=lambda t: not t.title)
    first.title = {code: text for t in reversed(named) for code, text in t.title.items() if text}
    first.label_terms = list(merged.label_terms)
    first.members = [text.id for text in merged.members]
    first.size = merged.size
    first.quotes = [quotes[text.id] for text in merged.representative]
    first.save()
    Theme.objects.filter(id__in=[theme.id for theme in ordered[1:]]).delete()
    _renumber(first)
    audit_record(
        actor=actor,
        action="results.themes_merge",
        dialogue=first.dialogue,
        site=first.site,
        target=str(first.id),
        details={
            "merged": [theme.id for theme in ordered],
            "languages": sorted({theme.language for theme in ordered}),
        },
    )
    return first


def _renumber(theme: Theme) -> None:
    """Largest first again, as computed themes are."""
    siblings = list(
        Theme.objects.filter(
            dialogue_id=theme.dialogue_id,
            site=theme.site,
            question=theme.question,
            source=theme.source,
        )
        .defer("members", "quotes")
        .order_by("-size", "position", "id")
    )
    for position, sibling in enumerate(siblings):
        sibling.position = position
    Theme.objects.bulk_update(siblings, ["position"])
