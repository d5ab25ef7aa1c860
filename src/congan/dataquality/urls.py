from django.urls import path

from congan.dataquality import views

app_name = "dataquality"
urlpatterns = [
    path("", views.queue, name="queue"),
    path("pairs/<int:pk>/", views.pair_detail, name="pair"),
    path("pairs/<int:pk>/decide/", views.decide, name="decide"),
    path("pairs/<int:pk>/undo/", views.undo, name="undo"),
    path("runs/", views.runs, name="runs"),
    path("runs/<int:pk>/model.json", views.run_model, name="run_model"),
    path("rates/", views.rates, name="rates"),
]
