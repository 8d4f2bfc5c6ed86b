"""Roof and wall sealants: silicone by joint metres, 300 ml pairs, butyl, membrane and foam."""

from __future__ import annotations

from decimal import Decimal

from py_nodes.quote.engine.roof_profiles import ProfileResult
from py_nodes.quote.engine.roof_sealants import roof_joint_length
from tests.quote.engine_builders import NO_EDGES, geometry, line, lines, quote, roof, wall


def test_roof_joint_length_counts_joints_and_overlaps() -> None:
    built = geometry(5, "5.0")

    assert roof_joint_length(built, ProfileResult(), Decimal("0.6")) == Decimal("31.20")


def test_roof_joint_length_adds_babetas_twice_and_gutter_joints() -> None:
    profiles = ProfileResult(babeta_length_m=Decimal("5.6"), gutter_pieces=2)

    length = roof_joint_length(geometry(5, "5.0"), profiles, Decimal("0.6"))

    assert length == Decimal("31.20") + Decimal("11.2") + Decimal("1.2")


def test_roof_small_silicone_is_twice_the_large() -> None:
    result = quote(roof=roof(zone={"width_m": "11.2", "edges": NO_EDGES}))

    assert line(result, "SILNEUTRA300").quantity == 2 * line(result, "SILBROM600").quantity


def test_roof_butyl_one_roll_per_ten_panels() -> None:
    result = quote(roof=roof(zone={"width_m": "12.32"}))

    assert line(result, "CINTABUTILO").quantity == 2


def test_roof_sealants_off_leaves_no_sealant_lines() -> None:
    result = quote(roof=roof(sealants=False))

    assert all(item.group != "SELLADORES" for item in result.lines)


def test_wall_membrane_per_10_m_and_two_foams_each() -> None:
    result = quote(scenario="solo_fachada", wall=wall())

    assert (line(result, "MEMBRANA30").quantity, line(result, "ESPUMAPU").quantity) == (
        Decimal(4),
        Decimal(8),
    )


def test_wall_silicone_per_8_m_of_joint() -> None:
    result = quote(scenario="solo_fachada", wall=wall())

    assert line(result, "SILBROM600").quantity == 26  # (35·3.5 + 80) / 8 = 25.3


def test_wall_butyl_only_when_asked() -> None:
    without = quote(scenario="solo_fachada", wall=wall())
    with_tape = quote(scenario="solo_fachada", wall=wall(butyl_tape=True))

    assert (lines(without, "CINTABUTILO"), line(with_tape, "CINTABUTILO").quantity) == (
        [],
        Decimal(9),
    )
