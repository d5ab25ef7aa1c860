from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from congan.config.api import api_urls
from congan.project.discovery import app_modules
from congan.reports import dashboard_views

urlpatterns = [
    path("", dashboard_views.home, name="home"),
    path("accounts/login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/", api_urls()),
    path("admin/", admin.site.urls),
]
# Each app with a urls.py is served under /<app>/ with its own namespace.
urlpatterns += [path(f"{label}/", include(module)) for label, module in app_modules("urls")]
