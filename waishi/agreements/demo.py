"""Agreements' share of the demo data: the university's agreements with its partners, each
with one partner and, for most, one college."""

from __future__ import annotations

import datetime

from django.conf import settings

from waishi.agreements.enums import AgreementKind, Approval
from waishi.agreements.models import Agreement
from waishi.core.demo_data import BATCH, DEMO_NOTE, DemoRun, Made, add_years, aware
from waishi.core.models import Unit, User
from waishi.partners.demo import CONTACT_FAMILY, CONTACT_GIVEN
from waishi.partners.enums import PartnerStatus
from waishi.partners.models import Institution

AGREEMENTS = 90  # at scale 1

REGISTERS = [("agreements", Agreement)]

TITLES = {
    AgreementKind.MOU: ("合作谅解备忘录", "Memorandum of understanding"),
    AgreementKind.STUDENT_EXCHANGE: ("学生交换协议", "Student exchange agreement"),
    AgreementKind.FACULTY_EXCHANGE: ("教师交流协议", "Faculty exchange agreement"),
    AgreementKind.JOINT_DEGREE: ("联合培养学位协议", "Joint degree agreement"),
    AgreementKind.COOPERATIVE_PROGRAM: ("合作办学协议", "Cooperative program agreement"),
    AgreementKind.RESEARCH: ("科研合作协议", "Research cooperation agreement"),
    AgreementKind.SUMMER_SCHOOL: ("暑期学校合作协议", "Summer school agreement"),
}
KIND_WEIGHTS = {
    AgreementKind.MOU: 35,
    AgreementKind.STUDENT_EXCHANGE: 25,
    AgreementKind.FACULTY_EXCHANGE: 10,
    AgreementKind.JOINT_DEGREE: 8,
    AgreementKind.COOPERATIVE_PROGRAM: 8,
    AgreementKind.RESEARCH: 8,
    AgreementKind.SUMMER_SCHOOL: 6,
}
APPROVAL_WEIGHTS = {Approval.APPROVED: 90, Approval.UNDER_APPROVAL: 5, Approval.DRAFT: 5}


def generate(run: DemoRun) -> Made:
    officers = run.made("officers", User)
    colleges = run.made("colleges", Unit)
    partners = [
        i for i in run.made("institutions", Institution) if i.status != PartnerStatus.PROSPECTIVE
    ]
    if not partners:
        return
    home_zh, home_en = settings.HOME_INSTITUTION_NAME_ZH, settings.HOME_INSTITUTION_NAME_EN
    rows, parties, units = [], [], []
    for n in range(run.scaled(AGREEMENTS)):
        partner = run.rng.choice(partners)
        kind = run.weighted(KIND_WEIGHTS)
        kind_zh, kind_en = TITLES[kind]
        signed = run.day(partner.partner_since or run.start)
        years = run.rng.choice((3, 5, 5, 5, 10))
        approval = run.weighted(APPROVAL_WEIGHTS)
        agreement = Agreement(
            name_zh=f"{home_zh}与{partner.name_zh}{kind_zh}",
            name_en=f"{kind_en} between {home_en} and {partner.name_en}",
            kind=kind,
            reference=f"XTU-IA-{signed.year}-{n + 1:05d}",
            home_signatory=run.rng.choice(("校长", "副校长", "国际交流合作处处长")),
            partner_signatories=f"{run.rng.choice(CONTACT_GIVEN)} "
            f"{run.rng.choice(CONTACT_FAMILY)}, President",
            signed_on=signed if approval == Approval.APPROVED else None,
            expires_on=add_years(signed, years) - datetime.timedelta(days=1),
            renews_automatically=run.rng.random() < 0.3,
            notice_days=run.rng.choice((None, 90, 180)),
            places_outgoing=run.rng.choice((None, 2, 5, 10)),
            places_incoming=run.rng.choice((None, 2, 5, 10)),
            responsible=run.rng.choice(officers),
            approval=approval,
            notes=DEMO_NOTE,
        )
        agreement._history_date = aware(signed)  # type: ignore[attr-defined]  # simple-history
        rows.append(agreement)
        parties.append(partner)
        units.append(run.rng.choice(colleges) if colleges else None)
    made = run.bulk(Agreement, rows)
    yield "agreements", len(made)
    Parties = Agreement.parties.through
    Parties.objects.bulk_create(
        [
            Parties(agreement_id=a.pk, institution_id=p.pk)
            for a, p in zip(made, parties, strict=True)
        ],
        batch_size=BATCH,
    )
    Units = Agreement.units.through
    Units.objects.bulk_create(
        [Units(agreement_id=a.pk, unit_id=u.pk) for a, u in zip(made, units, strict=True) if u],
        batch_size=BATCH,
    )
