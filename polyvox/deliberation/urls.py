from django.urls import path

from polyvox.deliberation.views import (
    breakouts,
    citizen,
    group_answers,
    local_topic,
    notes,
    online,
    printouts,
    recommendations,
    staff,
    stakeholders,
)

app_name = "deliberation"
urlpatterns = [
    # Staff of a site on the day (facilitators, hosts, organisers).
    path("day/<int:site_id>/", staff.day, name="day"),
    path("day/<int:site_id>/check-in/<int:participant_id>/", staff.check_in, name="check-in"),
    path("day/<int:site_id>/seat/", staff.seat, name="seat"),
    path("day/<int:site_id>/tables/", printouts.tables, name="tables"),
    path("day/<int:site_id>/cards/", printouts.cards, name="cards"),
    path("day/<int:site_id>/ballot-sheets/", printouts.ballot_sheets, name="ballot-sheets"),
    path("day/<int:site_id>/notes/", notes.notes, name="notes"),
    path("day/<int:site_id>/stakeholders/", stakeholders.stakeholders, name="stakeholders"),
    path("day/<int:site_id>/run-sheet/", staff.run_sheet, name="run-sheet"),
    path("day/<int:site_id>/dashboard/", staff.dashboard, name="dashboard"),
    path("day/<int:site_id>/breakouts/", breakouts.breakouts, name="breakouts"),
    path(
        "day/<int:site_id>/breakouts/<int:session_id>/",
        breakouts.breakouts_redraw_view,
        name="breakouts-redraw",
    ),
    path("day/<int:site_id>/counts/", staff.counts, name="counts"),
    path("day/<int:site_id>/counts/import/", staff.counts_import, name="counts-import"),
    path(
        "day/<int:site_id>/table-answers/",
        group_answers.table_answers,
        name="table-answers",
    ),
    path(
        "day/<int:site_id>/table-answers/import/",
        group_answers.table_answers_upload,
        name="table-answers-import",
    ),
    path("day/<int:site_id>/local-topic/", local_topic.local_topic, name="local-topic"),
    path(
        "day/<int:site_id>/recommendations/",
        recommendations.recommendations,
        name="recommendations",
    ),
    path("day/<int:site_id>/rooms/", online.rooms, name="rooms"),
    path("day/<int:site_id>/kit/", online.kit, name="kit"),
    # Citizens, with their personal code.
    path("vote/", citizen.vote_login, name="vote-login"),
    path("vote/ballot/", citizen.ballot, name="ballot"),
    path("vote/language/", citizen.ballot_language, name="ballot-language"),
    path("vote/recommendations/", citizen.rank, name="rank"),
    path("vote/my-day/", online.my_day, name="my-day"),
    path("vote/my-day/room/<int:session_id>/", online.my_day_room, name="my-day-room"),
    path("vote/leave/", citizen.vote_logout, name="vote-logout"),
    path("vote/done/", citizen.vote_done, name="vote-done"),
]
