from django.urls import path

from congan.project import views

app_name = "project"
urlpatterns = [
    path("import/", views.import_page, name="import"),
]
