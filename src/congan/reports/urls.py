from django.urls import path

from congan.reports import filing_views, integrity_views, views

app_name = "reports"
urlpatterns = [
    path("", views.index, name="index"),
    path("download/<str:fmt>/", views.download, name="download"),
    path("records/", views.records, name="records"),
    path("targets/", views.targets, name="targets"),
    path("integrity/", integrity_views.flags, name="integrity"),
    path("integrity/cases/", integrity_views.flag_cases, name="integrity_cases"),
    path("filed/", filing_views.filed_list, name="filed"),
    path("filed/file/", filing_views.file, name="file"),
    path("filed/<int:pk>/", filing_views.filed_detail, name="filed_detail"),
    path("filed/<int:pk>/restate/", filing_views.restate, name="restate"),
    path("filed/<int:pk>/download/<str:fmt>/", filing_views.filed_download, name="filed_download"),
]
