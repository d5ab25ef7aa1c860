from django.urls import path

from congan.org import users, views

app_name = "org"
urlpatterns = [
    path("audit/", views.audit_list, name="audit"),
    path("users/", users.user_list, name="users"),
    path("users/new/", users.user_create, name="user_create"),
    path("users/<int:pk>/", users.user_edit, name="user_edit"),
    path("users/<int:pk>/password/", users.user_password, name="user_password"),
    path("users/<int:pk>/unlock/", users.user_unlock, name="user_unlock"),
]
