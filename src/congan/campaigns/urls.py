from django.urls import path

from congan.campaigns import views

app_name = "campaigns"
urlpatterns = [
    path("weapons/", views.weapons, name="weapons"),
    path("weapons/campaigns/new/", views.campaign_create, name="campaign_create"),
    path("weapons/campaigns/<int:pk>/", views.campaign_detail, name="campaign"),
    path("weapons/receipts/new/", views.receipt_create, name="receipt_create"),
    path("weapons/receipts/<int:pk>/", views.receipt_detail, name="receipt"),
    path("weapons/receipts/<int:pk>/edit/", views.receipt_edit, name="receipt_edit"),
    path("weapons/receipts/<int:pk>/items/", views.item_add, name="add_item"),
    path("wanted/", views.wanted, name="wanted"),
    path("wanted/new/", views.wanted_create, name="wanted_create"),
    path("wanted/<int:pk>/", views.wanted_detail, name="wanted_detail"),
    path("wanted/<int:pk>/edit/", views.wanted_edit, name="wanted_edit"),
    path("wanted/<int:pk>/status/", views.wanted_status, name="wanted_status"),
]
