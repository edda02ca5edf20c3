from waishi.core.testing import LOGGED_IN, OFFICE, PUBLIC, READERS, WITH_ROLE, AccessCase

ACCOUNT_READERS = READERS | {"unit_liaison", "unit_head"}


def _unit(p):
    return {"pk": p.college.pk}


def _own_account(p):
    # The teacher's account: readers and the teacher's unit liaison and head may see it.
    return {"pk": p.teacher.pk}


def _teachers_job(p):
    # A job of the teacher's: the teacher and the office follow it, nobody else sees it.
    from waishi.core.models import Job

    job = Job.objects.create(owner=p.teacher, kind="import.preview", runner="none")
    return {"pk": job.pk}


CASES = [
    AccessCase("core:job", OFFICE | {"staff"}, kwargs=_teachers_job),
    AccessCase("healthz", PUBLIC),
    AccessCase("core:home", LOGGED_IN),
    AccessCase("core:profile", LOGGED_IN),
    AccessCase("core:profile.token", LOGGED_IN, method="post", ok_status=(302,)),
    AccessCase("core:login", PUBLIC, ok_status=(200, 302)),
    AccessCase("core:logout", PUBLIC, method="post", ok_status=(302,)),
    AccessCase("core:password.change", LOGGED_IN),
    AccessCase("core:password.changed", LOGGED_IN),
    AccessCase("core:password.reset", PUBLIC),
    AccessCase("core:password.reset.sent", PUBLIC),
    AccessCase(
        "core:password.reset.confirm",
        PUBLIC,
        kwargs=lambda p: {"uidb64": "MQ", "token": "not-a-token"},
    ),
    AccessCase("core:password.reset.done", PUBLIC),
    AccessCase("core:language", PUBLIC, method="post", ok_status=(302,)),
    AccessCase(
        "core:language.choose", PUBLIC, kwargs=lambda p: {"language": "en"}, ok_status=(302,)
    ),
    AccessCase("core:pick", WITH_ROLE, kwargs=lambda p: {"name": "partners"}, query="q=a"),
    AccessCase("core:unit.list", LOGGED_IN),
    AccessCase("core:unit.create", frozenset({"administrator"})),
    AccessCase("core:unit.detail", LOGGED_IN, kwargs=_unit),
    AccessCase("core:unit.update", frozenset({"administrator"}), kwargs=_unit),
    AccessCase("core:policy.list", READERS),
    AccessCase(
        "core:policy.update",
        frozenset({"office_director", "administrator"}),
        kwargs=lambda p: {"key": "passport_expiry_warning_days"},
    ),
    AccessCase("core:user.list", ACCOUNT_READERS),
    AccessCase("core:user.create", frozenset({"administrator"})),
    AccessCase(
        "core:user.detail",
        ACCOUNT_READERS | {"staff"},
        kwargs=_own_account,
        notes="the teacher persona holds the staff role and sees their own account",
    ),
    AccessCase("core:user.update", frozenset({"administrator"}), kwargs=_own_account),
    AccessCase(
        "core:user.invite",
        frozenset({"administrator"}),
        kwargs=_own_account,
        method="post",
        ok_status=(302,),
    ),
    AccessCase("api-root", LOGGED_IN),
    AccessCase("api-schema", LOGGED_IN),
    AccessCase("api-docs", LOGGED_IN),
    AccessCase("unit-list", LOGGED_IN),
    AccessCase("unit-detail", LOGGED_IN, kwargs=_unit),
    AccessCase("user-list", ACCOUNT_READERS),
    AccessCase("user-detail", ACCOUNT_READERS | {"staff"}, kwargs=_own_account),
    AccessCase("user-me", LOGGED_IN),
]

CASES += [
    AccessCase("core:notification.list", LOGGED_IN),
    AccessCase("core:notification.read_all", LOGGED_IN, method="post", ok_status=(302,)),
    AccessCase(
        "core:notification.read",
        LOGGED_IN,
        method="post",
        ok_status=(302,),
        kwargs=lambda p: {"pk": 999999},
    ),
]
