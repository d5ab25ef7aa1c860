from django.urls import path

from congan.cases import views

app_name = "cases"
urlpatterns = [
    path("", views.case_list, name="list"),
    path("new/", views.case_create, name="create"),
    path("<int:pk>/", views.case_detail, name="detail"),
    path("<int:pk>/edit/", views.case_edit, name="edit"),
    path("<int:pk>/clear/", views.case_clear, name="clear"),
    path("<int:pk>/suspects/", views.suspect_add, name="add_suspect"),
]
