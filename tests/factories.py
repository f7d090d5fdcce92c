"""Plain builders for test data. Each flushes and commits so that views can see it."""

from __future__ import annotations

import itertools
from typing import Any

from marketplace.accounts.models import User
from marketplace.accounts.passwords import hash_password
from marketplace.catalog.models import Category, Product, ProductStatus, ProductVariant
from marketplace.core.db import utcnow
from marketplace.extensions import db
from marketplace.stores.models import Store, StoreMember, StoreStatus
from marketplace.training.models import Agency, AgencyMember
from marketplace.wholesale.models import Business, BusinessMember

PASSWORD = "tenun-songket-biru-77"
_seq = itertools.count(1)


def make_user(**kw: Any) -> User:
    n = next(_seq)
    password = kw.pop("password", PASSWORD)
    values = {
        "email": f"user{n}@example.com",
        "name": f"Pengguna {n}",
        "phone": f"+62812000{n:05d}",
        "password_hash": hash_password(password),
        "email_verified_at": utcnow(),
    }
    values.update(kw)
    user = User(**values)
    db.session.add(user)
    db.session.commit()
    return user


def make_store(owner: User | None = None, **kw: Any) -> Store:
    n = next(_seq)
    values = {
        "name": f"Toko {n}",
        "slug": f"toko-{n}",
        "region_code": "33.21",
        "city_name": "Kabupaten Demak",
        "status": StoreStatus.LIVE,
    }
    values.update(kw)
    store = Store(**values)
    db.session.add(store)
    if owner is not None:
        db.session.add(StoreMember(store=store, user_id=owner.id, role="owner"))
    db.session.commit()
    return store


def make_category(**kw: Any) -> Category:
    n = next(_seq)
    values = {"name": f"Kategori {n}", "name_en": f"Category {n}", "slug": f"kategori-{n}"}
    values.update(kw)
    category = Category(**values)
    db.session.add(category)
    db.session.commit()
    return category


def make_product(store: Store, category: Category, *, price_idr: int = 15000, **kw: Any) -> Product:
    n = next(_seq)
    values = {
        "name": f"Keripik {n}",
        "slug": f"keripik-{n}",
        "status": ProductStatus.ACTIVE,
        "description": "Renyah.",
    }
    values.update(kw)
    product = Product(store_id=store.id, category_id=category.id, **values)
    db.session.add(product)
    db.session.flush()
    db.session.add(
        ProductVariant(
            product_id=product.id, store_id=store.id, sku=f"SKU-{n}", price_idr=price_idr, stock=10
        )
    )
    db.session.commit()
    return product


def make_agency(staff: User | None = None, **kw: Any) -> Agency:
    n = next(_seq)
    values = {
        "name": f"Dinas Perindustrian {n}",
        "short_name": f"Disperin {n}",
        "region_code": "12.71",
        "region_name": "Kota Medan",
    }
    values.update(kw)
    agency = Agency(**values)
    db.session.add(agency)
    if staff is not None:
        db.session.add(AgencyMember(agency=agency, user_id=staff.id, role="manager"))
    db.session.commit()
    return agency


def make_business(member: User | None = None, **kw: Any) -> Business:
    n = next(_seq)
    values = {
        "legal_name": f"PT Hotel {n}",
        "kind": "hotel",
        "region_code": "12.71",
        "city_name": "Kota Medan",
        "status": "verified",
    }
    values.update(kw)
    business = Business(**values)
    db.session.add(business)
    if member is not None:
        db.session.add(BusinessMember(business=business, user_id=member.id, role="buyer"))
    db.session.commit()
    return business


def nik_for(
    district_code: str = "33.75.01", gender: str = "P", born: Any = None, serial: int = 1
) -> str:
    """A well-formed NIK for a real kecamatan (not a real person's). A serial above 9999 (the
    NIK's four digits) moves the birth date on by a day per 9999, so every serial stays unique."""
    from datetime import date, timedelta

    from marketplace.demo.seed import demo_nik

    days, rest = divmod(serial - 1, 9999)
    born = (born or date(1990, 3, 5)) + timedelta(days=days)
    return demo_nik(district_code, gender, born, rest + 1)


def make_program(agency: Agency, **kw: Any) -> Any:
    from datetime import date

    from marketplace.training.models import Program

    n = next(_seq)
    values = {
        "title": f"Pelatihan Kuliner {n}",
        "kind": "pelatihan",
        "skill_field": "kuliner",
        "venue": "BLK",
        "start_date": date(2025, 3, 3),
        "end_date": date(2025, 3, 28),
        "capacity": 40,
        "funding_source": "APBD",
    }
    values.update(kw)
    program = Program(agency_id=agency.id, **values)
    db.session.add(program)
    db.session.commit()
    return program


def make_enrollment(
    program: Any, *, nik: str | None = None, user: User | None = None, **kw: Any
) -> Any:
    """A participant (found or created by NIK) enrolled in `program`."""
    from sqlalchemy import select

    from marketplace.training.imports import hash_nik
    from marketplace.training.models import Enrollment, Participant

    nik = nik or nik_for(serial=next(_seq))
    digest = hash_nik(nik)
    participant = db.session.scalar(select(Participant).where(Participant.nik_hash == digest))
    if participant is None:
        participant = Participant(
            full_name=kw.pop("full_name", f"Peserta {next(_seq)}"),
            nik_hash=digest,
            nik_last4=nik[-4:],
            gender="P" if int(nik[6:8]) > 40 else "L",
            birth_year=1990,
            district_code=f"{nik[0:2]}.{nik[2:4]}.{nik[4:6]}",
            phone=kw.pop("phone", None),
            user_id=user.id if user else None,
        )
        db.session.add(participant)
        db.session.flush()
    else:
        kw.pop("full_name", None)
        kw.pop("phone", None)
    enrollment = Enrollment(
        program_id=program.id,
        participant_id=participant.id,
        agency_id=program.agency_id,
        status=kw.pop("status", "completed"),
        **kw,
    )
    db.session.add(enrollment)
    db.session.commit()
    return enrollment
