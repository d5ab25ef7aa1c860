from django.urls import path

from congan.registry import views

app_name = "registry"
urlpatterns = [
    path("", views.search, name="search"),
    path("people/", views.person_list, name="list"),
    path("people/add/", views.person_add, name="person_add"),
    path("people/<int:pk>/", views.person_detail, name="person"),
    path("people/<int:pk>/edit/", views.person_edit, name="person_edit"),
    path("people/<int:pk>/id-card/", views.card_step, name="card_step"),
    path("households/<int:pk>/", views.household_detail, name="household"),
    path("id-cards/", views.id_cards, name="id_cards"),
]
