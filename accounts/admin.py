"""Accounts in the admin, made so that no staff user but a superuser can hand out power.

Whatever permissions a staff user was given (see ``accounts.roles`` for the instructors'), a
non-superuser here never sees nor sets ``is_superuser``, ``is_staff``, groups or permissions,
never sets another user's password, never edits a superuser or another staff member, never opens
the groups, and sees only her own API tokens. The users she sees are the students of the cohorts she
teaches and herself (``classroom.access``)."""

from django.contrib import admin
from django.contrib.admin.options import IS_POPUP_VAR, TO_FIELD_VAR
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import GroupAdmin as DjangoGroupAdmin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.db.models import Q

from classroom.access import students_visible_to

from .models import ApiToken

User = get_user_model()

# The fields that make a user powerful: only a superuser sees or sets them.
PRIVILEGED_FIELDS = ("is_superuser", "is_staff", "groups", "user_permissions")


def _without(fieldsets, names) -> tuple:
    kept = []
    for title, options in fieldsets:
        fields = tuple(f for f in options.get("fields", ()) if f not in names)
        if fields:
            kept.append((title, {**options, "fields": fields}))
    return tuple(kept)


admin.site.unregister(User)


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    def get_queryset(self, request):
        users = super().get_queryset(request)
        if request.user.is_superuser:
            return users
        visible = Q(pk__in=students_visible_to(request.user).values("pk"))
        if self._picking_a_student(request):
            visible |= Q(is_staff=False, is_superuser=False, is_active=True)
        return users.filter(visible)

    @staticmethod
    def _picking_a_student(request) -> bool:
        """The pop-up list of a raw-id field (a cohort's new student) or an autocomplete: it names the
        active students, so that an instructor can enroll one not yet in her cohorts."""
        match = request.resolver_match
        name = match.url_name if match else ""
        popup = IS_POPUP_VAR in request.GET and TO_FIELD_VAR in request.GET
        return name == "autocomplete" or (popup and name == "auth_user_changelist")

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        return fieldsets if request.user.is_superuser else _without(fieldsets, PRIVILEGED_FIELDS)

    def get_form(self, request, obj=None, **kwargs):
        if not request.user.is_superuser:
            # Replaces the exclusions ModelAdmin computes, so they are repeated here.
            kept = (*(self.exclude or ()), *self.get_readonly_fields(request, obj), *(kwargs.get("exclude") or ()))
            kwargs["exclude"] = (*kept, *PRIVILEGED_FIELDS)
        return super().get_form(request, obj, **kwargs)

    def get_list_display(self, request):
        shown = super().get_list_display(request)
        return shown if request.user.is_superuser else tuple(f for f in shown if f not in PRIVILEGED_FIELDS)

    def get_list_filter(self, request):
        shown = super().get_list_filter(request)
        return shown if request.user.is_superuser else tuple(f for f in shown if f not in PRIVILEGED_FIELDS)

    def _may_touch(self, request, obj) -> bool:
        """A non-superuser never edits a superuser nor another staff member (only herself)."""
        if obj is None or request.user.is_superuser:
            return True
        return obj.pk == request.user.pk or not (obj.is_superuser or obj.is_staff)

    def has_change_permission(self, request, obj=None):
        return self._may_touch(request, obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self._may_touch(request, obj) and super().has_delete_permission(request, obj)

    def save_model(self, request, obj, form, change):
        if not request.user.is_superuser:
            # Whatever was posted, a non-superuser leaves the flags as they were (off for a new user).
            stored = User.objects.filter(pk=obj.pk).first() if change else None
            obj.is_superuser = bool(stored and stored.is_superuser)
            obj.is_staff = bool(stored and stored.is_staff)
        super().save_model(request, obj, form, change)

    def user_change_password(self, request, id, form_url=""):
        if not request.user.is_superuser and str(request.user.pk) != str(id):
            raise PermissionDenied
        return super().user_change_password(request, id, form_url)


admin.site.unregister(Group)


@admin.register(Group)
class GroupAdmin(DjangoGroupAdmin):
    """Groups give permissions: superusers only."""

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return self.has_module_permission(request)

    def has_add_permission(self, request):
        return self.has_module_permission(request)

    def has_change_permission(self, request, obj=None):
        return self.has_module_permission(request)

    def has_delete_permission(self, request, obj=None):
        return self.has_module_permission(request)


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """A superuser sees every token; anyone else, with the permissions, only her own: a key is a
    password, never shown to another user."""

    list_display = ("user", "name", "created_at", "last_used_at")
    search_fields = ("user__username", "name")
    fields = ("user", "name", "key", "created_at", "last_used_at")
    readonly_fields = ("key", "created_at", "last_used_at")

    def get_queryset(self, request):
        tokens = super().get_queryset(request)
        return tokens if request.user.is_superuser else tokens.filter(user=request.user)

    def get_fields(self, request, obj=None):
        # The form is built from these: without "user", a posted user is ignored (save_model sets it).
        fields = super().get_fields(request, obj)
        return fields if request.user.is_superuser else [f for f in fields if f != "user"]

    def save_model(self, request, obj, form, change):
        if not request.user.is_superuser:
            if change and obj.user_id != request.user.pk:
                raise PermissionDenied
            obj.user = request.user
        super().save_model(request, obj, form, change)
