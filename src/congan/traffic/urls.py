from django.urls import path

from congan.traffic import views

app_name = "traffic"
urlpatterns = [
    path("", views.accident_list, name="list"),
    path("new/", views.accident_create, name="create"),
    path("<int:pk>/", views.accident_detail, name="detail"),
    path("<int:pk>/edit/", views.accident_edit, name="edit"),
    path("<int:pk>/vehicles/", views.vehicle_add, name="add_vehicle"),
    path("<int:pk>/casualties/", views.casualty_add, name="add_casualty"),
]
