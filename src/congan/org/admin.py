from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from congan.org.models import PoliceUnit, User


@admin.register(User)
class CongAnUserAdmin(UserAdmin):
    fieldsets = (*UserAdmin.fieldsets, ("congan", {"fields": ("unit", "role")}))
    list_display = ("username", "first_name", "last_name", "role", "unit", "is_active")
    list_filter = ("role", "is_active")
    autocomplete_fields = ("unit",)


@admin.register(PoliceUnit)
class PoliceUnitAdmin(admin.ModelAdmin):
    search_fields = ("name",)
    list_display = ("name", "admin_unit", "parent")
