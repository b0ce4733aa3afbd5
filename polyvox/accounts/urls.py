from django.contrib.auth import views as auth_views
from django.urls import path

# The "accounts" namespace is completed in polyvox/urls.py with "me/" (accounts:dashboard),
# a page about dialogues that lives in polyvox.dialogues.staff_views.
urlpatterns = [
    path("login/", auth_views.LoginView.as_view(template_name="accounts/login.html"), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
]
