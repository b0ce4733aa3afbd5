from django.urls import path

from polyvox.core import views

app_name = "core"
urlpatterns = [
    path("staff/design/", views.design_system, name="design-system"),
]
