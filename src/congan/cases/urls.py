from django.urls import path

from congan.cases import views

app_name = "cases"
urlpatterns = [
    path("", views.case_list, name="list"),
    path("new/", views.case_create, name="create"),
    path("<int:pk>/", views.case_detail, name="detail"),
    path("<int:pk>/edit/", views.case_edit, name="edit"),
    path("<int:pk>/clear/", views.case_clear, name="clear"),
    path("<int:pk>/no-crime/", views.case_no_crime, name="no_crime"),
    path("<int:pk>/reopen/", views.case_reopen, name="reopen"),
    path("<int:pk>/suspects/", views.suspect_add, name="add_suspect"),
    path("<int:pk>/suspects/<int:suspect_pk>/", views.suspect_edit, name="edit_suspect"),
    path("operations/", views.operation_list, name="operations"),
    path("operations/new/", views.operation_create, name="create_operation"),
    path("operations/<int:pk>/", views.operation_detail, name="operation"),
    path("operations/<int:pk>/edit/", views.operation_edit, name="edit_operation"),
]
