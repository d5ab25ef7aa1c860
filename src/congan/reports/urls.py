from django.urls import path

from congan.reports import views

app_name = "reports"
urlpatterns = [
    path("", views.index, name="index"),
    path("download/<str:fmt>/", views.download, name="download"),
    path("records/", views.records, name="records"),
    path("targets/", views.targets, name="targets"),
    path("issuer/", views.issuer_details, name="issuer"),
]
