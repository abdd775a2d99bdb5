"""As-of queries answer "what did we know at T, and from whom?" with the seed's figures."""

import pandas as pd
import pytest

from sitrep.records import StationEvent, validate_record
from sitrep.store import open_store
from sitrep.timeline import StationLog, as_of, changes, history, station_counts, station_series, station_status

CST = "+08:00"


def at(hhmm: str, day: int = 7) -> pd.Timestamp:
    return pd.Timestamp(f"2025-01-{day:02d}T{hhmm}{CST}")


@pytest.fixture
def store():
    return open_store()  # SITREP_DB points at a fresh file; seeded from the bundled scenario


def latest(frame, metric, scope="Dingri county"):
    rows = frame[(frame["metric"] == metric) & (frame["scope"] == scope)]
    return rows.sort_values("observed_at").iloc[-1]


@pytest.mark.parametrize(
    ("t", "dead", "injured"),
    [("12:30", 53, 62), ("13:00", 53, 62), ("15:00", 95, 130), ("16:00", 95, 130), ("19:00", 126, 188)],
)
def test_casualties_as_of_the_seeds_times(store, t, dead, injured):
    now = as_of(store.records(), at(t), metrics=["deaths", "injured"])
    assert latest(now, "deaths")["value"] == dead
    assert latest(now, "injured")["value"] == injured
    assert "Xinhua" in latest(now, "deaths")["source"] or "China Daily" in latest(now, "deaths")["source"]


def test_nothing_observed_after_t_is_returned(store):
    now = as_of(store.records(), at("16:00"))
    assert (now["observed_at"] <= at("16:00")).all()
    assert 126 not in set(now[now["metric"] == "deaths"]["value"])


def test_113_stations_restored_by_1900_with_source(store):
    row = latest(as_of(store.records(), at("19:00")), "stations_restored", "China Mobile")
    assert row["value"] == 113 and "China Mobile Tibet" in row["source"]


def test_disagreeing_sources_are_both_returned_and_flagged(store):
    now = as_of(store.records(), at("12:00"), metrics=["stations_out"])
    mobile = now[now["scope"] == "China Mobile"]
    assert sorted(mobile["value"]) == [56, 177]
    assert mobile["conflict"].all()


def test_other_scopes_are_not_conflicts(store):
    now = as_of(store.records(), at("18:00"), metrics=["stations_out"])
    assert not now[now["scope"] == "all operators"]["conflict"].any()


def test_a_correction_replaces_the_figure_it_corrects_and_both_stay_stored(store):
    first = store.records(metrics=["deaths"])
    target = int(first[first["value"] == 95]["id"].iloc[0])
    fix = validate_record({"metric": "deaths", "value": "96", "observed_at": "2025-01-07T15:00+08:00",
                           "source": "Shigatse HQ", "corrects": str(target), "note": "revised"})  # fmt: skip
    store.append([fix])
    recs = store.records()
    assert latest(as_of(recs, at("16:00")), "deaths")["value"] == 96
    hist = history(recs, at("16:00"), metrics=["deaths"])
    assert hist.set_index("id").loc[target, "corrected"]
    assert 95 in set(recs["value"])  # the corrected record is still stored


def test_history_is_oldest_first_and_complete(store):
    h = history(store.records(), None, metrics=["deaths"])
    assert list(h["value"]) == [53, 95, 126, 126]
    assert h["observed_at"].is_monotonic_increasing


def test_changes_between_two_times(store):
    c = changes(store.records(), at("12:30"), at("19:00"), metrics=["deaths", "injured", "relocated"]).set_index("metric")
    assert c.loc["deaths", "change"] == 73 and c.loc["injured", "change"] == 126
    assert pd.isna(c.loc["relocated", "value_t0"])


def test_changes_need_the_start_before_the_end(store):
    """Review: changes from 12:00 "to" 10:00 showed 56 -> 177, a figure observed at 10:30, after the end."""
    with pytest.raises(ValueError, match="the start is after the end"):
        changes(store.records(), at("12:00"), at("10:00"))
    assert changes(store.records(), at("10:00"), at("10:00")).empty  # the same time: nothing changed


def test_station_events_agree_with_the_aggregates(store, layers):
    events = store.station_events()
    assert station_counts(events, at("09:06")) == {"out": 177, "restored": 0}
    assert station_counts(events, at("19:00")) == {"out": 64, "restored": 113}
    bs = layers["base_stations"]
    status = station_status(events, at("18:08"), bs["id"])
    epicentral = bs["township"].isin(["Cuoguo", "Changsuo", "Quluo"]).to_numpy()
    assert set(status[epicentral]) <= {"ok", "restored"}
    assert (status[bs["knocked_out"].astype(bool).to_numpy() & epicentral] == "restored").all()
    assert set(station_status(events, at("09:00"), bs["id"])) == {"ok"}


def test_repeated_and_unknown_station_events_change_no_count(store, layers):
    """Issue 9: a duplicate "restored" (stores may hold some) gave three different counts in app, report and chart."""
    events = store.station_events()
    first = events[events["status"] == "restored"].iloc[0]
    later = first["at"] + pd.Timedelta(minutes=20)
    store.append([StationEvent(first["station_id"], "restored", later, "a second source"),
                  StationEvent(first["station_id"], "restored", later + pd.Timedelta(minutes=5), "a third"),
                  StationEvent("bs-0001", "out", at("10:00"), "a repeat of its 09:05 outage"),
                  StationEvent("bs-9999", "restored", later, "no such station")])  # fmt: skip
    polluted, ids = store.station_events(), layers["base_stations"]["id"]
    for t in (at("09:06"), later, at("19:00")):
        assert station_counts(polluted, t, ids) == station_counts(events, t, ids)
        status = station_status(polluted, t, ids)
        assert station_counts(polluted, t, ids) == {"out": int((status == "out").sum()), "restored": int((status == "restored").sum())}
    assert station_counts(polluted, at("19:00"), ids) == {"out": 64, "restored": 113}


def test_the_station_series_is_the_count_at_every_change(store, layers):
    """The chart's steps (station_series) are the cards' counts (station_counts) at each change time."""
    events, ids = store.station_events(), layers["base_stations"]["id"]
    series = station_series(events, ids)
    assert series["at"].is_monotonic_increasing and series["at"].is_unique
    for row in series.iloc[[0, 1, len(series) // 2, -1]].itertuples():
        assert station_counts(events, row.at, ids) == {"out": row.out, "restored": row.restored}
    assert (series.iloc[-1]["out"], series.iloc[-1]["restored"]) == (64, 113)
    assert station_series(events.iloc[:0], ids).empty and station_counts(events.iloc[:0], None) == {"out": 0, "restored": 0}


def test_a_cards_previous_figure_is_one_known_and_standing_at_t(store):
    """Issue 9 audit: the cards' "change since" could be measured from a figure a correction had replaced.
    (The cards' previous figure is :func:`sitrep.cards.figure_card`'s since issue 13.)"""
    from sitrep.cards import figure_card
    from sitrep.present import latest_figure

    def previous(records, t):
        return figure_card(as_of(records, t), history(records, t), "deaths", "Dingri county", t).previous

    first = store.records(metrics=["deaths"])
    target = int(first[first["value"] == 53]["id"].iloc[0])
    store.append([validate_record({"metric": "deaths", "value": "54", "observed_at": "2025-01-07T12:30+08:00", "source": "relief HQ",
                                   "scope": "Dingri county", "corrects": str(target), "note": "recount"})])  # fmt: skip
    # (a correction back-dated before its target, 12:00 here until the review of issue 9, is now refused)
    recs = store.records()
    row = latest_figure(as_of(recs, at("16:00")), "deaths", "Dingri county")
    assert row["value"] == 95
    assert previous(recs, at("16:00")).value == 54  # not the corrected 53
    late = validate_record({"metric": "deaths", "value": "60", "observed_at": "2025-01-07T17:00+08:00", "source": "late",
                            "scope": "Dingri county", "corrects": str(int(recs[recs["value"] == 54]["id"].iloc[0]))})  # fmt: skip
    store.append([late])
    assert previous(store.records(), at("16:00")).value == 54  # a correction observed after T is not known at T


def retract_the_95(store) -> int:
    recs = store.records(metrics=["deaths"])
    target = int(recs[recs["value"] == 95]["id"].iloc[0])
    store.retract(target, author="li.wei", reason="double-counted")
    return target


def test_a_retracted_figure_leaves_as_of_history_and_changes(store):
    """A retraction removes the figure from every query, at every time (it was wrong, not superseded)."""
    target = retract_the_95(store)
    recs = store.records()
    assert latest(as_of(recs, at("16:00")), "deaths")["value"] == 53  # back to the figure before it
    assert target not in set(history(recs, None)["id"])
    assert list(history(recs, None, metrics=["deaths"])["value"]) == [53, 126, 126]
    c = changes(recs, at("12:30"), at("16:00"), metrics=["deaths"])
    assert c.empty  # 53 then, 53 now: no change
    assert target in set(recs["id"]) and recs.set_index("id").loc[target, "retracted"]  # still stored, flagged


def test_a_retracted_correction_gives_the_corrected_figure_back(store):
    recs = store.records(metrics=["deaths"])
    target = int(recs[recs["value"] == 95]["id"].iloc[0])
    fix = validate_record({"metric": "deaths", "value": "96", "observed_at": "2025-01-07T15:00+08:00",
                           "source": "Shigatse HQ", "corrects": str(target)})  # fmt: skip
    (fix_id, _), = store.append([fix])
    assert latest(as_of(store.records(), at("16:00")), "deaths")["value"] == 96
    store.retract(fix_id, author="li.wei", reason="the revision was itself a typo")
    assert latest(as_of(store.records(), at("16:00")), "deaths")["value"] == 95


def test_a_retracted_figure_leaves_the_chart_and_the_card_delta(store):
    from sitrep.app.charts import DATA, casualties_spec
    from sitrep.cards import figure_card

    retract_the_95(store)
    recs = store.records()
    values = [v["value"] for v in casualties_spec(history(recs, at("19:00")), "Dingri county")["datasets"][DATA] if v["metric"] == "deaths"]
    assert 95 not in values
    card = figure_card(as_of(recs, at("19:00")), history(recs, at("19:00")), "deaths", "Dingri county", at("19:00"))
    assert card.current.value == 126 and card.previous.value == 53


def test_one_station_log_answers_every_time_as_the_events_known_then_would(store, layers):
    """Issue 12: the app indexes the station events once per store version (StationLog) and moves the
    slider over it; at every time its status, counts and chart rows equal those of only the events
    observed by then - between events, at an event, at a time two events share, before the first."""
    events = store.station_events()
    first = events[events["status"] == "out"].iloc[0]
    store.append([StationEvent(first["station_id"], "restored", at("12:00"), "a source"),  # two events at one time
                  StationEvent("bs-0002", "restored", at("12:00"), "another")])  # fmt: skip
    events, ids = store.station_events(), layers["base_stations"]["id"]
    log = StationLog(events, ids)
    times = [at("08:00"), *events["at"].iloc[[0, 1, len(events) // 2, -1]], at("12:00"), at("12:00") - pd.Timedelta(seconds=1),
             at("23:00"), None]  # fmt: skip
    for t in times:
        known = events if t is None else events[events["at"] <= t]
        alone = StationLog(known, ids)
        assert log.status(t).equals(alone.status(None))
        assert log.counts(t) == alone.counts(None)
        assert log.series_until(t).equals(alone.series)
    with pytest.raises(ValueError, match="needs the layer's station_ids"):
        StationLog(events).status(None)
