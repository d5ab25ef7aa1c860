from django.urls import path

from congan.org import views

app_name = "org"
urlpatterns = [
    path("audit/", views.audit_list, name="audit"),
]
