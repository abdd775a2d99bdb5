"""OpenCellID CSV exports read as base stations, operator from MCC/MNC."""

import pytest

from sitrep.errors import InputError
from sitrep.io import load_base_stations, read_opencellid

from .conftest import DATA


def test_export_with_header():
    bs = load_base_stations(DATA / "opencellid-sample.csv")
    assert len(bs) == 6
    first = bs.iloc[0]
    assert first["id"] == "LTE-460-0-28901-123456789"
    assert (first["operator"], first["technology"], first["mcc"], first["mnc"]) == ("China Mobile", "LTE", 460, 0)
    assert (first.geometry.x, first.geometry.y, first["range_m"]) == (87.1261, 28.659, 1000.0)
    assert first["provenance"] == "approximate"
    assert first["source"].startswith("OpenCellID")


def test_operator_from_mcc_mnc_where_known():
    bs = load_base_stations(DATA / "opencellid-sample.csv")
    assert list(bs["operator"]) == ["China Mobile", "China Unicom", "China Telecom", "China Mobile", "Nepal Telecom", "China Broadnet"]


def test_country_extract_without_header_reads_the_same():
    with_header = load_base_stations(DATA / "opencellid-sample.csv")
    without = read_opencellid(DATA / "opencellid-460-noheader.csv")
    assert list(without["id"]) == list(with_header["id"])
    assert without.geometry.equals(with_header.geometry)


def test_unknown_network_keeps_its_codes(write):
    bs = read_opencellid(write("c.csv", "LTE,404,45,1,2,0,77.2,28.6,100,1,1,0,0,0\n"))
    assert bs["operator"].iloc[0] == "MCC 404 MNC 45"


def test_bad_cell_number_names_row_and_field(write):
    text = (DATA / "opencellid-sample.csv").read_text().replace("28902,55501", "28902,5550x")
    with pytest.raises(InputError, match=r"c\.csv, row 3 \(line 4\), field 'cell': expected a whole number, got '5550x'"):
        load_base_stations(write("c.csv", text))


def test_empty_latitude_names_row_and_field(write):
    with pytest.raises(InputError, match=r"c\.csv, row 1 \(line 1\), field 'lat': coordinate is empty"):
        read_opencellid(write("c.csv", "LTE,460,0,1,2,0,87.2,,100,1,1,0,0,0\n"))


def test_duplicate_cells_are_refused(write):
    text = (DATA / "opencellid-sample.csv").read_text()
    with pytest.raises(InputError, match=r"field 'id': duplicate id 'LTE-460-0-28901-123456789'"):
        load_base_stations(write("c.csv", text + text.splitlines()[1] + "\n"))
