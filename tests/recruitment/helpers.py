"""A small site pool for the recruitment tests: two categories, households, 40 people."""

from __future__ import annotations

from polyvox.dialogues.models import Site
from polyvox.lib.tabular import read_table
from polyvox.recruitment.categories import ValueDefinition, category_define
from polyvox.recruitment.models import SiteRecruitment
from polyvox.recruitment.pool_imports import pool_import

HEADER = "name,email,phone,address,language,gender,age\n"


def define_categories(site: Site) -> None:
    category_define(
        site=site,
        key="gender",
        label={"en": "Gender", "fr": "Genre"},
        values=[
            ValueDefinition(key="f", label={"en": "Woman", "fr": "Femme"}, share=0.5),
            ValueDefinition(key="m", label={"en": "Man"}, share=0.5),
        ],
    )
    category_define(
        site=site,
        key="age",
        label={"en": "Age"},
        values=[
            ValueDefinition(key="young", label={"en": "16-39"}, share=0.4),
            ValueDefinition(key="old", label={"en": "40+"}, share=0.6),
        ],
    )


def pool_csv(size: int = 40) -> bytes:
    lines = [HEADER]
    for n in range(size):
        # Every fourth person shares a home with the one before.
        home = n - 1 if n % 4 == 3 else n
        gender = "f" if n % 2 else "m"
        age = "young" if n % 5 < 2 else "old"
        lines.append(f"Person {n},p{n}@example.org,,{home} Rue de la Paix,fr,{gender},{age}\n")
    return "".join(lines).encode()


def make_pool(site: Site, size: int = 40, *, close_registration: bool = True) -> None:
    """The imported pool; registration closed (by default), as before a lottery."""
    define_categories(site)
    pool_import(site=site, table=read_table(name="pool.csv", content=pool_csv(size)))
    if close_registration:
        registration_close(site)


def registration_close(site: Site) -> None:
    SiteRecruitment.objects.update_or_create(site=site, defaults={"registration_open": False})
