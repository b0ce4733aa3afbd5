from django.urls import URLPattern, URLResolver

app_name = "consultation"
urlpatterns: list[URLPattern | URLResolver] = []
