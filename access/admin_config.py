from django.contrib.admin.apps import AdminConfig


class StaffAdminConfig(AdminConfig):
    """Django's admin with the site that asks for the second factor (access.admin); every
    app's registrations (users, groups, authenticators, axes) land on that site."""

    default_site = "access.admin.StaffAdminSite"
