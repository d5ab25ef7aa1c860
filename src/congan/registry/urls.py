from django.urls import path

from congan.registry import views

app_name = "registry"
urlpatterns = [
    path("", views.search, name="search"),
    path("people/", views.person_list, name="list"),
    path("people/<int:pk>/", views.person_detail, name="person"),
]
