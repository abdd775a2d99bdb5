"""A headline card tells the truth at T: disputes show both figures, old disputes are marked superseded
with their age, qualifiers travel with values, and a change of unit is never a difference."""

import pandas as pd
import pytest

from sitrep.cards import RULE, age_text, figure_card, reported_beside_events
from sitrep.store import open_store
from sitrep.timeline import as_of, history, published_view, station_counts
from sitrep.timeutil import format_local, incident_zone

TZ = incident_zone("", 8)


def local(ts: pd.Timestamp) -> str:
    return format_local(ts, tz=TZ)


def at(hhmm: str, day: int = 7) -> pd.Timestamp:
    return pd.Timestamp(f"2025-01-{day:02d}T{hhmm}+08:00").tz_convert("UTC")


def frame(*rows) -> pd.DataFrame:
    """Records as the store returns them: (metric, value, unit, observed hh:mm, source[, qualifier[, reported hh:mm]])."""
    out = []
    for i, (metric, value, unit, hhmm, source, *rest) in enumerate(rows, start=1):
        qualifier = rest[0] if rest else ""
        reported = at(rest[1]) if len(rest) > 1 and rest[1] else pd.NaT
        out.append({"id": i, "metric": metric, "value": float(value), "unit": unit, "scope": "Dingri county",
                    "observed_at": at(hhmm), "reported_at": reported, "entered_at": at("23:59"), "source": source,
                    "qualifier": qualifier, "corrects": None, "retracted": False, "author": "", "note": ""})  # fmt: skip
    df = pd.DataFrame(out)
    df["reported_at"] = pd.to_datetime(df["reported_at"], utc=True)
    return df


def card_at(records: pd.DataFrame, metric: str, t: pd.Timestamp):
    return figure_card(as_of(records, t), history(records, t), metric, "Dingri county", t)


def test_an_unverified_figure_does_not_silently_replace_the_official_one():
    """Two sources an hour apart disagree: the card's headline holds both values, the caption both sources."""
    records = frame(("deaths", 126, "people", "19:00", "Xinhua"), ("deaths", 140, "people", "20:00", "a blog"))
    card = card_at(records, "deaths", at("20:30"))
    assert card.value_text == "140 or 126" and card.disputed
    line = next(x for x in card.lines(local) if "disagree" in x)
    assert "140 people (a blog, 20:00)" in line and "126 people (Xinhua, 19:00)" in line
    assert card.delta_text(local) is None  # a rival is not a "before": no "+14 since 19:00"


def test_a_dispute_a_later_figure_replaced_is_shown_as_superseded_with_its_age():
    records = frame(("deaths", 95, "people", "15:00", "Xinhua"), ("deaths", 100, "people", "15:30", "a blog"),
                    ("deaths", 126, "people", "19:00", "Xinhua"))  # fmt: skip
    card = card_at(records, "deaths", at("21:00"))
    assert card.value_text == "126" and not card.disputed
    line = next(x for x in card.lines(local) if x.startswith("Superseded"))
    assert "95 (Xinhua, 15:00) vs 100 (a blog, 15:30)" in line and "5 h 30 min old" in line and "superseded by 126 (Xinhua)" in line


def test_station_reports_older_than_the_events_are_superseded_by_them():
    """The seed's 177 vs 56 stations out, told at 19:30 beside the station events' own count (issue 13's example)."""
    store = open_store()
    t = at("19:30")
    events = store.station_events()
    events = events[events["at"] <= t]
    count = station_counts(events, t)["out"]
    lines = reported_beside_events(as_of(store.records(), t), "stations_out", count, events["at"].max(), local, t)
    china_mobile = next(x for x in lines if "China Mobile:" in x)
    assert "177 (" in china_mobile and "56 (China Consumer News, 10:30)" in china_mobile
    assert f"9 h old; since superseded by station events: {count}" in china_mobile


def test_a_station_report_newer_than_the_events_stands_beside_them():
    records = frame(("stations_out", 40, "stations", "12:00", "MIIT"))
    lines = reported_beside_events(as_of(records, at("13:00")), "stations_out", 64, at("11:00"), local, at("13:00"))
    assert lines == ["Reported · Dingri county: 40 (MIIT, 12:00); station events give 64"]


def test_qualifiers_travel_with_the_value_and_block_a_false_difference():
    records = frame(("relocated", 30400, "people", "19:00", "Xinhua", "at-least"),
                    ("relocated", 47500, "people", "06:00", "CNS", "", None))  # fmt: skip
    records.loc[1, "observed_at"] = at("06:00", day=9)
    card = card_at(records, "relocated", at("12:00", day=9))
    assert card.value_text == "47,500"
    assert card.delta_text(local) is None  # "at least 30,400" -> 47,500 is not +17,100
    assert "before: at least 30,400 people (2025-01-07 19:00)" in card.lines(local)
    assert card_at(records, "relocated", at("20:00")).value_text == "at least 30,400"


def test_a_change_of_unit_is_said_not_subtracted():
    records = frame(("houses_collapsed", 1000, "houses", "15:00", "HQ", "more-than"),
                    ("houses_collapsed", 3609, "households", "19:00", "Xinhua"))  # fmt: skip
    card = card_at(records, "houses_collapsed", at("19:30"))
    assert card.delta_text(local) is None
    assert "Unit changed: more than 1,000 houses (15:00) -> 3,609 households" in card.lines(local)


def test_no_change_is_unchanged_not_a_red_plus_zero():
    records = frame(("deaths", 126, "people", "19:00", "Xinhua"), ("deaths", 126, "people", "22:00", "Xinhua"))
    card = card_at(records, "deaths", at("23:00"))
    assert card.delta_text(local) is None and "unchanged since 19:00" in card.lines(local)
    assert card_at(frame(("deaths", 95, "people", "15:00", "X"), ("deaths", 126, "people", "19:00", "X")), "deaths",
                   at("20:00")).delta_text(local) == "+31 since 15:00"  # fmt: skip


def test_nothing_known_is_no_card():
    assert card_at(frame(("deaths", 126, "people", "19:00", "Xinhua")), "deaths", at("18:00")) is None


def test_published_view_counts_a_figure_from_its_publication():
    """Observed at 09:05, published at 13:00: known by observation at 10:00, not by publication."""
    records = frame(("stations_out", 177, "stations", "09:05", "China Mobile", "", "13:00"))
    assert not as_of(records, at("10:00")).empty
    assert as_of(published_view(records), at("10:00")).empty
    assert as_of(published_view(records), at("13:00"))["value"].tolist() == [177]


def test_a_publication_time_before_the_observation_does_not_make_a_figure_known_early():
    records = frame(("deaths", 5, "people", "12:00", "X", "", "11:00"))
    assert published_view(records)["known_at"].iloc[0] == at("12:00")


@pytest.mark.parametrize(("minutes", "text"), [(0, "0 min"), (59, "59 min"), (60, "1 h"), (24 * 60, "1 d"), (25 * 60 + 5, "1 d 1 h")])
def test_ages_read_as_people_say_them(minutes, text):
    assert age_text(pd.Timedelta(minutes=minutes)) == text


def test_the_rule_is_stated_in_words():
    assert "latest figure" in RULE and "90 minutes" in RULE
