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
    path("people/<int:pk>/places/add/", views.place_add, name="place_add"),
    path("people/<int:pk>/places/<int:place_pk>/end/", views.place_end, name="place_end"),
    path("people/<int:pk>/documents/add/", views.document_add, name="document_add"),
    path("people/<int:pk>/documents/<int:doc_pk>/invalidate/", views.document_invalidate,
         name="document_invalidate"),
    path("households/", views.household_list, name="households"),
    path("households/new/", views.household_create, name="household_create"),
    path("households/<int:pk>/", views.household_detail, name="household"),
    path("households/<int:pk>/split/", views.household_split, name="household_split"),
    path("households/<int:pk>/edit/", views.household_edit, name="household_edit"),
    path("households/<int:pk>/members/add/", views.household_member_add, name="household_member_add"),
    path("households/<int:pk>/members/<int:person_pk>/remove/", views.household_member_remove,
         name="household_member_remove"),
    path("households/<int:pk>/head/", views.household_head, name="household_head"),
    path("id-cards/", views.id_cards, name="id_cards"),
    path("id-cards/overdue/", views.id_cards_overdue, name="id_cards_overdue"),
]
