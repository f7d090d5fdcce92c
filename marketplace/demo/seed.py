"""Idempotent demo seeding: every record is found by its natural key before it is created."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any, TypeVar

from sqlalchemy import select

from marketplace.accounts.models import User
from marketplace.accounts.passwords import hash_password
from marketplace.catalog.models import Category, Product, ProductStatus, ProductVariant
from marketplace.core.db import utcnow
from marketplace.demo import data
from marketplace.demo.catalog_data import EXTRA_PRODUCTS
from marketplace.extensions import db
from marketplace.stores.models import Store, StoreMember, StoreRole, StoreStatus
from marketplace.training.imports import hash_nik
from marketplace.training.models import (
    Agency,
    AgencyMember,
    Enrollment,
    EnrollmentEvent,
    Participant,
    Program,
)

M = TypeVar("M")


@dataclass
class SeedReport:
    """What a seeding run created, and the demo logins to print."""

    created: dict[str, int] = field(default_factory=dict)
    logins: list[tuple[str, str]] = field(default_factory=list)

    def count(self, kind: str) -> None:
        self.created[kind] = self.created.get(kind, 0) + 1


def _get_or_create(model: type[M], report: SeedReport, lookup: dict[str, Any], **values: Any) -> M:
    obj = db.session.scalar(select(model).filter_by(**lookup))
    if obj is None:
        obj = model(**lookup, **values)
        db.session.add(obj)
        db.session.flush()
        report.count(model.__tablename__)  # type: ignore[attr-defined]
    return obj


def _user(report: SeedReport, email: str, name: str, phone: str, role: str, **extra: Any) -> User:
    user = db.session.scalar(select(User).where(User.email == email))
    if user is None:
        user = User(
            email=email,
            name=name,
            phone=phone,
            password_hash=hash_password(data.DEMO_PASSWORD),
            email_verified_at=utcnow(),
            **extra,
        )
        db.session.add(user)
        db.session.flush()
        report.count("users")
    report.logins.append((role, email))
    return user


def is_empty() -> bool:
    """True when the database has no user at all (a fresh install)."""
    return db.session.scalar(select(User.id).limit(1)) is None


def _add_demo_photo(product: Product, *, seed: int) -> None:
    """A generated photo (Pillow, no download) stored like a seller's upload."""
    from marketplace.catalog.services import add_product_image
    from marketplace.core.images import make_placeholder_image

    add_product_image(product, make_placeholder_image(product.name, size=(1280, 960), seed=seed))


def seed_demo(*, with_images: bool = True) -> SeedReport:
    """Create the demo world where missing. Flushes; the caller commits."""
    report = SeedReport()
    _user(report, *data.ADMIN, "admin", is_admin=True)
    _user(report, *data.BUYER, "pembeli")

    categories: dict[str, Category] = {}
    for position, (slug, name, name_en, children) in enumerate(data.CATEGORIES):
        parent = _get_or_create(
            Category,
            report,
            {"slug": slug},
            name=name,
            name_en=name_en,
            position=position,
            is_food=slug == "kuliner",
        )
        categories[slug] = parent
        for child_pos, (child_slug, child_name, child_en) in enumerate(children):
            categories[child_slug] = _get_or_create(
                Category,
                report,
                {"slug": child_slug},
                name=child_name,
                name_en=child_en,
                position=child_pos,
                parent_id=parent.id,
                is_food=slug == "kuliner",
            )

    agencies: dict[str, Agency] = {}
    for spec in data.AGENCIES:
        agency = _get_or_create(
            Agency,
            report,
            {"name": spec["name"]},
            short_name=spec["short_name"],
            region_code=spec["region_code"],
            region_name=spec["region_name"],
            contact_email=spec["contact_email"],
        )
        agencies[spec["short_name"]] = agency
        email, name, phone, role = spec["staff"]
        staff = _user(report, email, name, phone, f"staf dinas ({spec['short_name']})")
        _get_or_create(
            AgencyMember, report, {"agency_id": agency.id, "user_id": staff.id}, role=role
        )
        programs = list(spec["programs"])
        if spec["short_name"] == "Dinperinaker Kota Pekalongan":
            programs.append(data.CONTEST)
        for title, kind, skill, venue, start, end, capacity, funding, description in programs:
            district_code, village_code = data.PROGRAM_PLACES.get(title, (None, None))
            _get_or_create(
                Program,
                report,
                {"agency_id": agency.id, "title": title},
                kind=kind,
                skill_field=skill,
                venue=venue,
                start_date=start,
                end_date=end,
                capacity=capacity,
                funding_source=funding,
                description=description,
                district_code=district_code,
                village_code=village_code,
            )

    now = utcnow()
    for index, spec in enumerate(data.SELLERS):
        seller = _user(report, spec["email"], spec["name"], spec["phone"], "penjual")
        slug, name, region_code, city, description = spec["store"]
        address, village, postal, hours, nib = data.STORE_PROFILES[slug]
        opened = now - timedelta(days=300 - index * 30)
        store = _get_or_create(
            Store,
            report,
            {"slug": slug},
            name=name,
            province_code=region_code[:2],
            region_code=region_code,
            district_code=village[:8],
            village_code=village,
            address_line=address,
            postal_code=postal,
            opening_hours=hours,
            nib=nib,
            city_name=city,
            description=description,
            whatsapp=spec["phone"],
            status=StoreStatus.LIVE,
            created_at=opened,
            live_since=opened,
        )
        _get_or_create(
            StoreMember, report, {"store_id": store.id, "user_id": seller.id}, role=StoreRole.OWNER
        )
        products = [(*p, data.FOOD_INFO.get(p[0], {})) for p in spec["products"]]
        products += EXTRA_PRODUCTS.get(slug, [])
        for p_index, (p_slug, p_name, cat_slug, p_desc, variants, extras) in enumerate(products):
            halal = extras.get("halal")
            product = _get_or_create(
                Product,
                report,
                {"store_id": store.id, "slug": p_slug},
                name=p_name,
                category_id=categories[cat_slug].id,
                description=p_desc,
                status=ProductStatus.ACTIVE,
                # Interleave stores so that "newest products" shows several of them.
                created_at=now - timedelta(days=p_index, hours=index),
                halal_cert_no=halal[0] if halal else None,
                halal_expires_on=halal[1] if halal else None,
                is_non_halal=bool(extras.get("non_halal")),
                pirt_no=extras.get("pirt"),
                shelf_life_days=extras.get("shelf_life"),
                ingredients=extras.get("ingredients", ""),
                allergens=extras.get("allergens", ""),
                sale_type="preorder" if extras.get("preorder_days") else "ready",
                preorder_days=extras.get("preorder_days"),
            )
            if with_images and not product.images:
                _add_demo_photo(product, seed=index * 31 + p_index)
            for sku, label, price, stock, grams in variants:
                _get_or_create(
                    ProductVariant,
                    report,
                    {"store_id": store.id, "sku": sku},
                    product_id=product.id,
                    label=label,
                    price_idr=price,
                    stock=stock,
                    weight_grams=grams,
                )

    from marketplace.demo.wholesale import seed_wholesale_accounts, seed_wholesale_activity

    businesses = seed_wholesale_accounts(report, _user)
    _seed_participants(report, agencies)
    from marketplace.demo.orders import seed_demo_orders

    buyer = db.session.scalar(select(User).where(User.email == data.BUYER[0]))
    admin = db.session.scalar(select(User).where(User.email == data.ADMIN[0]))
    if buyer is not None and admin is not None:
        for _ in range(seed_demo_orders(buyer, admin)):
            report.count("orders")
        for _ in range(seed_wholesale_activity(businesses, admin)):
            report.count("wholesale orders")
        _seed_commission_rates(report, admin, categories)
        from marketplace.demo.history import seed_history

        seed_history(report, admin, with_images=with_images, add_photo=_add_demo_photo)
        from marketplace.payouts.demo import seed_demo_payouts

        for _ in range(seed_demo_payouts(admin)):
            report.count("payouts")
    return report


def _seed_commission_rates(
    report: SeedReport, admin: User, categories: dict[str, Category]
) -> None:
    """The platform's starting commission: 5% by default, 4% on culinary goods."""
    from marketplace.admin.commission import CommissionRate

    if db.session.scalar(select(CommissionRate.id).limit(1)) is not None:
        return
    now = utcnow()
    for category, rate in ((None, 500), (categories.get("kuliner"), 400)):
        db.session.add(
            CommissionRate(
                category_id=category.id if category is not None else None,
                rate_bps=rate,
                effective_from=now,
                set_by_id=admin.id,
                note="Tarif awal",
            )
        )
        report.count("commission_rates")
    db.session.flush()


def demo_nik(village_code: str, gender: str, born: date, serial: int) -> str:
    """A well-formed NIK (kecamatan + birth date, +40 for women + serial); not a real person's."""
    day = born.day + (40 if gender == "P" else 0)
    return f"{village_code[:8].replace('.', '')}{day:02d}{born:%m%y}{serial:04d}"


def _seed_participants(report: SeedReport, agencies: dict[str, Agency]) -> None:
    serial = 0
    for short_name, people in data.PARTICIPANTS.items():
        agency = agencies[short_name]
        programs = {
            p.title: p for p in db.session.scalars(select(Program).filter_by(agency_id=agency.id))
        }
        for name, gender, born, village_code, phone, seller_email, enrollments in people:
            serial += 1
            nik = demo_nik(village_code, gender, born, 9000 + serial)
            user = None
            if seller_email:
                user = db.session.scalar(select(User).where(User.email == seller_email))
            participant = _get_or_create(
                Participant,
                report,
                {"nik_hash": hash_nik(nik)},
                full_name=name,
                nik_last4=nik[-4:],
                phone=phone,
                gender=gender,
                birth_year=born.year,
                district_code=village_code[:8],
                village_code=village_code,
                user_id=user.id if user else None,
                claimed_at=utcnow() if user else None,
            )
            for title, status, cert, award, amount, grant in enrollments:
                program = programs[title]
                enrollment = db.session.scalar(
                    select(Enrollment).filter_by(
                        program_id=program.id, participant_id=participant.id
                    )
                )
                if enrollment is None:
                    enrollment = Enrollment(
                        program_id=program.id,
                        participant_id=participant.id,
                        agency_id=agency.id,
                        status=status,
                        certificate_no=cert,
                        award_title=award,
                        award_rank=int(award.split()[-1]) if award else None,
                        award_amount_idr=amount,
                        grant_items=grant,
                    )
                    db.session.add(enrollment)
                    db.session.flush()
                    db.session.add(
                        EnrollmentEvent(
                            enrollment_id=enrollment.id,
                            to_status=status,
                            changes={},
                            source="seed-demo",
                        )
                    )
                    report.count("enrollments")
