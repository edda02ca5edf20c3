from waishi.core.testing import OFFICE, PUBLIC, AccessCase

TEXT_EDITORS = OFFICE | {"administrator"}


def _text(p):
    from waishi.public.models import PageText

    text, _created = PageText.objects.get_or_create(
        key="access-walk", defaults={"text_zh": "测试段落", "text_en": "A paragraph"}
    )
    return {"pk": text.pk}


def _partners(p):
    # Something to show (and that must show to everyone): one active partner.
    from waishi.partners.tests.factories import InstitutionFactory

    InstitutionFactory(name_en="Access Walk University")
    return {}


CASES = [
    AccessCase("public:overview", PUBLIC),
    AccessCase("public:partners", PUBLIC, kwargs=_partners),
    AccessCase("public:partners", PUBLIC, query="q=walk", notes="server-side search"),
    AccessCase("public:partners", PUBLIC, query="country=CN", notes="one country in full"),
    AccessCase("public:world_map", PUBLIC, notes="the map's unshaded world"),
    AccessCase("public:pagetext.list", TEXT_EDITORS),
    AccessCase("public:pagetext.update", TEXT_EDITORS, kwargs=_text),
]
