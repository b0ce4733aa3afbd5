from django.urls import URLPattern, URLResolver, path

from polyvox.people import views

app_name = "people"
urlpatterns: list[URLPattern | URLResolver] = [
    path("people/sites/<int:site_id>/", views.site_people, name="site"),
    path("people/<int:person_id>/", views.person_detail, name="person"),
    path("people/<int:person_id>/export.json", views.person_export, name="person-export"),
    path("people/<int:person_id>/erase/", views.person_erase, name="person-erase"),
    path("my-data/", views.self_service_request, name="self-request"),
    path("my-data/<str:token>/", views.self_service, name="self"),
    path("my-data/<str:token>/export.json", views.self_service_export, name="self-export"),
    path("my-data/<str:token>/erase/", views.self_service_erase, name="self-erase"),
]
