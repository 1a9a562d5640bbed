"""Users, the roles they hold for organisations, API tokens, and the security audit log."""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING, Any

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from prima.lib.officials import validate_nip

if TYPE_CHECKING:
    from django.db.models.fields.related_descriptors import RelatedManager


class Role(models.TextChoices):
    """What a user may do, always for a scope (see Membership)."""

    NATIONAL_ADMIN = "national_admin", _("National administrator")
    EVALUATOR = "evaluator", _("Evaluator")
    AGENCY_ADMIN = "agency_admin", _("Agency administrator")
    UNIT_OPERATOR = "unit_operator", _("Service-unit operator")


class User(AbstractUser):
    """A staff member. Citizens never have accounts: they answer surveys and file complaints
    without one. Indonesian names do not split into first and last, so there is one name field.
    """

    first_name = None  # type: ignore[assignment]
    last_name = None  # type: ignore[assignment]
    full_name = models.CharField(_("full name"), max_length=150)
    position = models.CharField(_("position"), max_length=150, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    nip = models.CharField(
        _("NIP"),
        max_length=18,
        blank=True,
        validators=[validate_nip],
        help_text=_("Civil servants' 18-digit number, printed under their signature."),
    )

    REQUIRED_FIELDS = ["email", "full_name"]

    history = HistoricalRecords(excluded_fields=["password", "last_login"])

    if TYPE_CHECKING:
        memberships: RelatedManager[Membership]

    class Meta:
        ordering = ["username"]
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.full_name or self.username

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.username

    @property
    def must_use_two_factor(self) -> bool:
        """National administrators must sign in with a second factor; others may."""
        return self.is_superuser or self.memberships.filter(role=Role.NATIONAL_ADMIN).exists()


class Membership(models.Model):
    """One role a user holds, for one scope.

    | role           | scope                                                      |
    |----------------|------------------------------------------------------------|
    | national_admin | the whole country (no region, agency or unit)              |
    | evaluator      | the whole country, one region (and everything in it), or   |
    |                | one agency                                                 |
    | agency_admin   | one agency, with all its units                             |
    | unit_operator  | one service unit                                           |

    The database refuses any other combination.
    """

    user = models.ForeignKey(
        User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    region = models.ForeignKey(
        "registry.Region",
        verbose_name=_("region"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    agency = models.ForeignKey(
        "registry.Agency",
        verbose_name=_("agency"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="memberships",
    )
    unit = models.ForeignKey(
        "registry.ServiceUnit",
        verbose_name=_("service unit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="memberships",
    )
    granted_by = models.ForeignKey(
        User,
        verbose_name=_("granted by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("granted"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["user", "role"]
        verbose_name = _("role")
        verbose_name_plural = _("roles")
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(
                        role="national_admin",
                        region__isnull=True,
                        agency__isnull=True,
                        unit__isnull=True,
                    )
                    | (
                        Q(role="evaluator", unit__isnull=True)
                        & ~Q(region__isnull=False, agency__isnull=False)
                    )
                    | Q(
                        role="agency_admin",
                        region__isnull=True,
                        agency__isnull=False,
                        unit__isnull=True,
                    )
                    | Q(
                        role="unit_operator",
                        region__isnull=True,
                        agency__isnull=True,
                        unit__isnull=False,
                    )
                ),
                name="membership_scope_matches_role",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()} — {self.scope_label}"

    @property
    def scope_label(self) -> str:
        if self.unit_id:
            return str(self.unit)
        if self.agency_id:
            return str(self.agency)
        if self.region_id:
            return str(self.region)
        return str(_("Whole country"))


class ApiToken(models.Model):
    """A personal token for the JSON API. Only its SHA-256 digest is stored.

    The token is 256 random bits (ASVS 5.0 11.5.1), shown once when created; a fast hash is
    enough for a secret of that strength, and lets us look the token up by its digest.
    """

    PREFIX = "prima_"

    user = models.ForeignKey(
        User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(_("name"), max_length=100)
    digest = models.CharField(max_length=64, unique=True)
    hint = models.CharField(_("ends with"), max_length=8)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    # Who created and revoked it; the digest is not copied, and use (last_used_at, written
    # with a queryset update) is not a change.
    history = HistoricalRecords(excluded_fields=["digest", "last_used_at"])

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.name} (…{self.hint})"

    @staticmethod
    def digest_of(raw: str) -> str:
        return hashlib.sha256(raw.encode()).hexdigest()

    @property
    def is_usable(self) -> bool:
        now = timezone.now()
        return self.revoked_at is None and (self.expires_at is None or self.expires_at > now)


class AuditEventQuerySet(models.QuerySet["AuditEvent"]):
    def update(self, **kwargs: Any) -> int:
        raise TypeError("Audit events are append-only.")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise TypeError("Audit events are append-only.")


class AuditEvent(models.Model):
    """Append-only security log: sign-ins, lockouts, denied access, role and 2FA changes.

    Record changes (who changed which field from what to what) live in the history tables
    of django-simple-history; this table is for security events (ASVS 5.0 16.2, 16.3).
    Rows are never updated or deleted: the model refuses, and on PostgreSQL a trigger
    refuses too (migration 0003).
    """

    class Kind(models.TextChoices):
        LOGIN_SUCCEEDED = "login_succeeded", _("Signed in")
        LOGIN_FAILED = "login_failed", _("Sign-in failed")
        LOCKED_OUT = "locked_out", _("Locked out after repeated failures")
        LOGOUT = "logout", _("Signed out")
        SESSION_EXPIRED = "session_expired", _("Session ended after inactivity")
        ACCESS_DENIED = "access_denied", _("Access denied")
        OTP_VERIFIED = "otp_verified", _("Second factor verified")
        OTP_FAILED = "otp_failed", _("Second factor rejected")
        TWO_FACTOR_ENABLED = "two_factor_enabled", _("Two-factor sign-in turned on")
        TWO_FACTOR_DISABLED = "two_factor_disabled", _("Two-factor sign-in turned off")
        BACKUP_CODES_CREATED = "backup_codes_created", _("Backup codes created")
        PASSWORD_CHANGED = "password_changed", _("Password changed")
        PASSWORD_SET_BY_ADMIN = "password_set_by_admin", _("Password set by an administrator")
        USER_CREATED = "user_created", _("User created")
        USER_DEACTIVATED = "user_deactivated", _("User deactivated")
        USER_REACTIVATED = "user_reactivated", _("User reactivated")
        ROLE_GRANTED = "role_granted", _("Role granted")
        ROLE_REVOKED = "role_revoked", _("Role revoked")
        TOKEN_CREATED = "token_created", _("API token created")
        TOKEN_REVOKED = "token_revoked", _("API token revoked")
        IDENTITY_VIEWED = "identity_viewed", _("Complainant's identity viewed")
        PERSONAL_DATA_EXPORTED = "personal_data_exported", _("A person's data exported")
        PERSONAL_LIST_DOWNLOADED = (
            "personal_list_downloaded",
            _("A list with personal data downloaded"),
        )

    at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)
    kind = models.CharField(_("event"), max_length=32, choices=Kind.choices, db_index=True)
    actor = models.ForeignKey(
        User,
        verbose_name=_("user"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    # The name typed or held at the time: failed sign-ins name accounts that may not exist.
    username = models.CharField(_("user name"), max_length=150, blank=True)
    target_type = models.CharField(_("object type"), max_length=40, blank=True)
    target_id = models.CharField(_("object"), max_length=64, blank=True)
    agency = models.ForeignKey(
        "registry.Agency",
        verbose_name=_("agency"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("The agency the event concerns, so its administrators can see it."),
    )
    ip = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    request_id = models.CharField(max_length=16, blank=True)
    method = models.CharField(max_length=8, blank=True)
    path = models.CharField(_("path"), max_length=300, blank=True)
    user_agent = models.CharField(max_length=300, blank=True)
    detail = models.JSONField(_("detail"), default=dict, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.kind} {self.username}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise TypeError("Audit events are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise TypeError("Audit events are append-only.")
