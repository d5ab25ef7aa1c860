from django.urls import path

from congan.org import audit_views, job_views, users

app_name = "org"
urlpatterns = [
    path("audit/", audit_views.audit_list, name="audit"),
    path("audit/verify/", audit_views.audit_verify, name="audit_verify"),
    path("jobs/", job_views.job_list, name="jobs"),
    path("jobs/<int:pk>/", job_views.job_detail, name="job"),
    path("jobs/<int:pk>/progress/", job_views.job_progress, name="job_progress"),
    path("users/", users.user_list, name="users"),
    path("users/new/", users.user_create, name="user_create"),
    path("users/<int:pk>/", users.user_edit, name="user_edit"),
    path("users/<int:pk>/password/", users.user_password, name="user_password"),
    path("users/<int:pk>/unlock/", users.user_unlock, name="user_unlock"),
]
