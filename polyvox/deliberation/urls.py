from django.urls import path

from polyvox.deliberation import views

app_name = "deliberation"
urlpatterns = [
    # Staff of a site on the day (facilitators, hosts, organisers).
    path("day/<int:site_id>/", views.day, name="day"),
    path("day/<int:site_id>/check-in/<int:participant_id>/", views.check_in, name="check-in"),
    path("day/<int:site_id>/seat/", views.seat, name="seat"),
    path("day/<int:site_id>/tables/", views.tables, name="tables"),
    path("day/<int:site_id>/cards/", views.cards, name="cards"),
    path("day/<int:site_id>/ballot-sheets/", views.ballot_sheets, name="ballot-sheets"),
    path("day/<int:site_id>/run-sheet/", views.run_sheet, name="run-sheet"),
    path("day/<int:site_id>/dashboard/", views.dashboard, name="dashboard"),
    path("day/<int:site_id>/counts/", views.counts, name="counts"),
    path("day/<int:site_id>/counts/import/", views.counts_import, name="counts-import"),
    path("day/<int:site_id>/recommendations/", views.recommendations, name="recommendations"),
    # Citizens, with their personal code.
    path("vote/", views.vote_login, name="vote-login"),
    path("vote/ballot/", views.ballot, name="ballot"),
    path("vote/language/", views.ballot_language, name="ballot-language"),
    path("vote/recommendations/", views.rank, name="rank"),
    path("vote/leave/", views.vote_logout, name="vote-logout"),
]
