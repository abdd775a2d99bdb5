"""The files responders really have (issue 10): each format read through the loaders, as
``sitrep check``, ``sitrep bands --layer`` and app uploads read it, from small files
written from the format's documentation (tests/data/README.md)."""

import json
import shutil
import zipfile
from xml.sax.saxutils import escape

import geopandas as gpd
import pandas as pd
import pytest
from shapely.geometry import Point

from sitrep.errors import InputError
from sitrep.io import load_base_stations, load_layer, load_villages, read_features
from sitrep.io.tables import decode_table_text, parse_coordinates

from .conftest import DATA

# --- GeoJSON with a byte-order mark ----------------------------------------------------------


@pytest.mark.parametrize("name", ["bom.geojson", "bom.json"])
def test_geojson_with_a_utf8_byte_order_mark_reads(write, name):
    """Guards: a GeoJSON saved by Windows tools starts with EF BB BF; it must read like any other."""
    doc = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"id": "a", "name": "曲洛", "population": 5}, "geometry": {"type": "Point", "coordinates": [87.45, 28.5]}}]}  # fmt: skip
    path = write(name, b"\xef\xbb\xbf" + json.dumps(doc, ensure_ascii=False).encode("utf-8"))
    gdf = load_villages(path)
    assert (gdf["name"].iloc[0], int(gdf["population"].iloc[0])) == ("曲洛", 5)


def test_usgs_event_with_a_byte_order_mark_reads(tmp_path):
    path = tmp_path / "ev.geojson"
    path.write_bytes(b"\xef\xbb\xbf" + (DATA / "usgs-us6000pi9w-detail.geojson").read_bytes())
    assert load_layer(path, "epicentres")["event_id"].iloc[0] == "us6000pi9w"


# --- GB18030 and Chinese headers -------------------------------------------------------------


def test_gb18030_csv_with_chinese_headers_reads_as_villages(caplog):
    """Guards: a CSV saved by Chinese Excel/WPS (GB18030, headers 编号,名称,经度,纬度,人口,乡镇) was refused as 'not UTF-8'."""
    raw = (DATA / "villages-gb18030.csv").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")  # the fixture really is not UTF-8
    with caplog.at_level("INFO", logger="sitrep"):
        gdf = load_villages(DATA / "villages-gb18030.csv")
    assert "GB18030" in caplog.text
    assert list(gdf["id"]) == ["v1", "v2", "v3"]
    assert list(gdf["name_zh"]) == ["曲洛村", "措果村", "加措村"]
    assert list(gdf["name"]) == ["曲洛村", "措果村", "加措村"]  # no romanised column: the Chinese names are shown
    assert list(gdf["population"]) == [412, 236, 188]
    assert list(gdf["township"]) == ["长所乡", "措果乡", "措果乡"]
    assert gdf.geometry.x.round(4).tolist() == [87.46, 87.5, 87.45]
    assert gdf.geometry.y.round(4).tolist() == [28.52, 28.55, 28.5]


def test_gbk_and_utf8_with_bom_read_the_same(tmp_path):
    text = "名称,东经,北纬,人口\n曲洛村,87.46,28.52,412\n"
    for name, data in (("gbk.csv", text.encode("gbk")), ("bom.csv", b"\xef\xbb\xbf" + text.encode("utf-8"))):
        (tmp_path / name).write_bytes(data)
    a, b = load_villages(tmp_path / "gbk.csv"), load_villages(tmp_path / "bom.csv")
    assert a.drop(columns=["id", "source"]).equals(b.drop(columns=["id", "source"]))
    assert a["name_zh"].iloc[0] == "曲洛村"


def test_text_neither_utf8_nor_gb18030_names_the_file_and_the_line(write):
    path = write("bad.csv", b"id,lon,lat\na,87.4,28.5\nb,87.5,28.6\xff\x80\n")
    with pytest.raises(InputError, match=r"bad\.csv: is not UTF-8 text, nor GB18030/GBK: byte 0xff on line 3 is neither"):
        read_features(path)


def test_decoding_prefers_utf8():
    """Valid UTF-8 is never re-read as GB18030 (which decodes most byte strings)."""
    assert decode_table_text("曲洛".encode("utf-8"), "x.csv") == ("曲洛", "UTF-8")
    assert decode_table_text("曲洛".encode("gb18030"), "x.csv") == ("曲洛", "GB18030")


def test_own_column_names_win_over_aliases(write):
    gdf = load_villages(write("v.csv", "id,name,名称,lon,lat,population,人口\na,Qoilog,曲洛,87.4,28.5,10,99\n"))
    assert (gdf["name"].iloc[0], gdf["name_zh"].iloc[0], int(gdf["population"].iloc[0])) == ("Qoilog", "曲洛", 10)


# --- coordinates with hemispheres ------------------------------------------------------------


@pytest.mark.parametrize(
    ("lon", "lat", "expected"),
    [
        ("87.45°E", "28.5N", (87.45, 28.5)),
        ("E87.45", "N 28.5", (87.45, 28.5)),
        ("87.45 e", "28.5 n", (87.45, 28.5)),
        ("东经87.45", "北纬28.5", (87.45, 28.5)),
        ("87°27'E", "28°30′N", (87.45, 28.5)),
        ("87度27分", "28度30分36秒", (87.45, 28.51)),
        ("178.15W", "18.11S", (-178.15, -18.11)),
        ("西经178.15", "南纬18.11", (-178.15, -18.11)),
        ("-178.15", "-18.11", (-178.15, -18.11)),
    ],
)
def test_degrees_with_a_hemisphere_are_read(write, lon, lat, expected):
    """Guards: '87.45°E' / '28.5N' / '东经87.45' are how coordinates are often typed; decided: accepted when unambiguous."""
    gdf = read_features(write("c.csv", f'id,lon,lat\na,"{lon}","{lat}"\n'))
    assert (round(gdf.geometry.x[0], 6), round(gdf.geometry.y[0], 6)) == expected


@pytest.mark.parametrize(
    ("lon", "lat", "message"),
    [
        ("28.5N", "87.45", r"field 'lon': coordinate is '28\.5N', which is a latitude \(N\) in the longitude column"),
        ("87.45", "28.5E", r"field 'lat': coordinate is '28\.5E', which is a longitude \(E\) in the latitude column"),
        ("-87.45W", "28.5", r"field 'lon': coordinate is '-87\.45W', which has both a sign and a hemisphere, which is ambiguous"),
        ("E87.45W", "28.5", r"field 'lon': coordinate is 'E87\.45W', which has two hemispheres"),
        ("87°75'E", "28.5", r"field 'lon': coordinate is \"87°75'E\", which has minutes or seconds of 60 or more"),
        ("87.45", "about 28", r"field 'lat': coordinate is 'about 28'; expected a number"),
    ],
)
def test_ambiguous_or_wrong_hemispheres_are_refused_naming_the_cell(write, lon, lat, message):
    with pytest.raises(InputError, match=r"c\.csv, row 1 \(line 2\), " + message):
        read_features(write("c.csv", f'id,lon,lat\na,"{lon}","{lat}"\n'))


def test_parse_coordinates_reports_the_first_bad_cell():
    values, bad, reason = parse_coordinates(pd.Series(["87.4", "87.5E", "x", ""]), "lon")
    assert values[:2].tolist() == [87.4, 87.5] and (bad, reason) == (2, "not a number")


# --- HXL hashtag row -------------------------------------------------------------------------


def test_hxl_row_is_skipped_and_its_hashtags_name_unknown_columns():
    """Guards: the hashtag row under the header (HDX files, sitrep's own bundles) was read as a data row."""
    gdf = load_villages(DATA / "villages-hxl.csv")
    assert list(gdf["id"]) == ["t1", "t2"]
    assert list(gdf["name"]) == ["Tangren", "Xuezhu"]
    assert list(gdf["population"]) == [120, 340]
    assert (gdf.geometry.x.tolist(), gdf.geometry.y.tolist()) == ([87.47, 87.46], [28.49, 28.54])


def test_hxl_file_errors_count_both_header_lines(write):
    path = write("h.csv", "name,lat,lon,population\n#loc+name,#geo+lat,#geo+lon,#population\na,28.5,87.4,5\nb,28.5,87.4,many\n")
    with pytest.raises(InputError, match=r"h\.csv, row 2 \(line 4\), field 'population': expected a whole number, got 'many'"):
        load_villages(path)


def test_sitreps_own_bundle_csv_reads_back(tmp_path):
    """A bundle's affected_villages.csv (header, HXL row, lon/lat) is a layer again."""
    from sitrep.report.render import hxl_csv

    frame = pd.DataFrame({"id": ["v1"], "name": ["Qoilog"], "lon": [87.46], "lat": [28.52], "population": [412], "distance_km": [2.5]})
    (tmp_path / "affected_villages.csv").write_text(hxl_csv(frame), encoding="utf-8")
    gdf = load_villages(tmp_path / "affected_villages.csv")
    assert (gdf["id"].iloc[0], int(gdf["population"].iloc[0]), gdf.geometry.x[0]) == ("v1", 412, 87.46)


def test_a_first_row_that_is_not_all_hashtags_is_data(write):
    gdf = read_features(write("c.csv", "id,lon,lat,tag\n#1,87.4,28.5,#x\n"))
    assert gdf["id"].tolist() == ["#1"]


# --- GeoNames --------------------------------------------------------------------------------


def test_geonames_gazetteer_dump_reads_as_places(caplog):
    """Guards: a headerless 19-column GeoNames dump (CN.txt, cities500.txt) had 'no coordinates'."""
    with caplog.at_level("WARNING", logger="sitrep"):
        gdf = load_layer(DATA / "geonames-cn-sample.txt")
    assert list(gdf["id"]) == ["geonames-9900001", "geonames-9900002", "geonames-9900003"]
    assert list(gdf["name"]) == ["Tingri", "Changsuo", "Cuoguo"]
    assert list(gdf["name_zh"]) == ["定日", "长所", ""]
    assert gdf["population"].tolist() == [3200, pd.NA, 850]  # 0 in GeoNames = not recorded, never 0 people
    assert gdf["note"].iloc[1].startswith("population not recorded in GeoNames")
    assert "GeoNames gives no population for 1 of 3 places" in caplog.text
    assert set(gdf["provenance"]) == {"reported"} and set(gdf["source"]) == {"GeoNames (geonames-cn-sample.txt)"}
    assert (gdf.geometry.x[0], gdf.geometry.y[0]) == (87.12361, 28.65833)


def test_geonames_with_unrecorded_populations_is_refused_as_villages():
    with pytest.raises(InputError, match=r"geonames-cn-sample\.txt, row 2 \(line 2\), field 'population': population not recorded in GeoNames "
                       r"\(0 there means unknown\), and so for 1 of 3 places; a villages layer needs every population"):  # fmt: skip
        load_villages(DATA / "geonames-cn-sample.txt")


def test_geonames_with_every_population_reads_as_villages(tmp_path):
    lines = (DATA / "geonames-cn-sample.txt").read_text(encoding="utf-8").splitlines()
    (tmp_path / "cities500.txt").write_text("\n".join(ln for ln in lines if "\tChangsuo\t" not in ln) + "\n", encoding="utf-8")
    assert load_villages(tmp_path / "cities500.txt")["population"].tolist() == [3200, 850]


def test_geonames_postal_dump_reads_as_places_without_population():
    gdf = load_layer(DATA / "geonames-postal-sample.txt")
    assert list(gdf["id"]) == ["CN-858200-1", "CN-858200-2"]
    assert list(gdf["name_zh"]) == ["定日县", "协格尔镇"]
    assert "population" not in gdf.columns
    with pytest.raises(InputError, match=r"is a GeoNames postal-code dump, which has no population"):
        load_villages(DATA / "geonames-postal-sample.txt")


def test_zipped_geonames_dump_with_its_readme(tmp_path):
    """GeoNames ships CN.zip = CN.txt + readme.txt."""
    with zipfile.ZipFile(tmp_path / "CN.zip", "w", zipfile.ZIP_DEFLATED) as z:
        z.write(DATA / "geonames-cn-sample.txt", "CN.txt")
        z.writestr("readme.txt", "Readme for GeoNames Gazetteer extract files\n\nThis work is licensed under a Creative Commons Attribution 4.0 License\n")
    gdf = load_layer(tmp_path / "CN.zip")
    assert len(gdf) == 3 and set(gdf["source"]) == {"GeoNames (CN.txt in CN.zip)"}


def test_geonames_bad_coordinate_names_the_line(tmp_path):
    text = (DATA / "geonames-cn-sample.txt").read_text(encoding="utf-8").replace("28.55\t87.42", "28.55\t187.42")
    (tmp_path / "CN.txt").write_text(text, encoding="utf-8")
    with pytest.raises(InputError, match=r"CN\.txt, row 2 \(line 2\), field 'lon': longitude 187\.42 is outside -180\.\.180"):
        load_layer(tmp_path / "CN.txt")


def test_geonames_recognised_with_very_long_alternate_names(tmp_path):
    """Capitals carry thousands of alternate names: the sample the layout is judged on must not cut a line."""
    rows = [ln.split("\t") for ln in (DATA / "geonames-cn-sample.txt").read_text(encoding="utf-8").splitlines()]
    rows[0][3] = ",".join(f"Name{i}" for i in range(5000))
    (tmp_path / "cities500.txt").write_text("".join("\t".join(r) + "\n" for r in rows), encoding="utf-8")
    assert len(rows[0][3]) > 40_000 and load_layer(tmp_path / "cities500.txt")["id"].iloc[0] == "geonames-9900001"


def test_a_tab_separated_txt_with_a_header_is_still_a_table(write):
    gdf = read_features(write("t.txt", "id\tlon\tlat\na\t87.4\t28.5\n"))
    assert gdf["id"].tolist() == ["a"]


# --- KML and KMZ -----------------------------------------------------------------------------


def test_kml_placemarks_from_every_folder_with_extended_data():
    """Guards: .kml was an unknown extension."""
    gdf = load_layer(DATA / "response.kml")
    assert list(gdf["folder"]) == ["Shelters", "Shelters", "Damage zones"]
    assert list(gdf["name"]) == ["Camp A", "Camp B", "Zone 1"]
    assert gdf["description"].iloc[0] == "tents for 120"
    assert gdf["capacity"].iloc[0] == "120"
    assert list(gdf.geom_type) == ["Point", "Point", "Polygon"]
    assert not gdf.geometry.has_z.any()  # altitudes are not distances on the ground
    assert "tessellate" not in gdf.columns and "altitudeMode" not in gdf.columns


def test_kml_folder_named_as_a_layer():
    gdf = load_layer(f"{DATA / 'response.kml'}:Shelters", "villages")
    assert list(gdf["name"]) == ["Camp A", "Camp B"] and list(gdf["population"]) == [95, 40]
    with pytest.raises(InputError, match=r"response\.kml, field 'folder': has no folder 'Roads'; its folders are 'Shelters', 'Damage zones'"):
        load_layer(f"{DATA / 'response.kml'}:Roads")


def test_kmz_reads_its_doc_kml(tmp_path):
    with zipfile.ZipFile(tmp_path / "response.kmz", "w", zipfile.ZIP_DEFLATED) as z:
        z.write(DATA / "response.kml", "doc.kml")
        z.writestr("files/icon.png", b"\x89PNG not really")
    gdf = load_layer(tmp_path / "response.kmz")
    assert list(gdf["name"]) == ["Camp A", "Camp B", "Zone 1"]


def test_kmz_bomb_is_refused_before_unpacking(tmp_path, monkeypatch):
    monkeypatch.setattr("sitrep.settings.MAX_UNCOMPRESSED_MB", 1)
    with zipfile.ZipFile(tmp_path / "big.kmz", "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("doc.kml", b" " * 3_000_000)
    with pytest.raises(InputError, match=r"big\.kmz: unpacks to 3 MB, more than sitrep reads from one file \(1 MB\)"):
        read_features(tmp_path / "big.kmz")


def test_kmz_without_a_kml_document(tmp_path):
    with zipfile.ZipFile(tmp_path / "x.kmz", "w") as z:
        z.writestr("readme.txt", "nothing")
    with pytest.raises(InputError, match=r"x\.kmz: holds no \.kml document"):
        read_features(tmp_path / "x.kmz")


# --- xlsx ------------------------------------------------------------------------------------


def make_xlsx(path, sheets: dict[str, list[list[object]]]) -> None:
    """A minimal Office Open XML workbook (ECMA-376 part 1: content types, relationships,
    workbook, one worksheet per sheet with inline strings), as Excel's own files are laid out."""
    def cell(ref: str, v: object) -> str:
        if isinstance(v, (int, float)):
            return f'<c r="{ref}"><v>{v}</v></c>'
        return f'<c r="{ref}" t="inlineStr"><is><t>{escape(str(v))}</t></is></c>'

    def sheet_xml(rows) -> str:
        body = "".join(
            f'<row r="{i + 1}">' + "".join(cell(f"{chr(65 + j)}{i + 1}", v) for j, v in enumerate(r) if v is not None) + "</row>"
            for i, r in enumerate(rows)
        )
        return f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>{body}</sheetData></worksheet>'

    ns_r = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                   '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
                   '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
                   + "".join(f'<Override PartName="/xl/worksheets/sheet{i + 1}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>' for i in range(len(sheets)))
                   + "</Types>")  # fmt: skip
        z.writestr("_rels/.rels", f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                   f'<Relationship Id="rId1" Type="{ns_r}/officeDocument" Target="xl/workbook.xml"/></Relationships>')  # fmt: skip
        z.writestr("xl/workbook.xml", f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="{ns_r}"><sheets>'
                   + "".join(f'<sheet name="{escape(n)}" sheetId="{i + 1}" r:id="rId{i + 1}"/>' for i, n in enumerate(sheets)) + "</sheets></workbook>")  # fmt: skip
        z.writestr("xl/_rels/workbook.xml.rels", '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                   + "".join(f'<Relationship Id="rId{i + 1}" Type="{ns_r}/worksheet" Target="worksheets/sheet{i + 1}.xml"/>' for i in range(len(sheets))) + "</Relationships>")  # fmt: skip
        for i, rows in enumerate(sheets.values()):
            z.writestr(f"xl/worksheets/sheet{i + 1}.xml", sheet_xml(rows))


SHEETS = {
    "村庄": [["编号", "名称", "经度", "纬度", "人口"], ["v1", "曲洛村", 87.46, 28.52, 412], ["v2", "措果村", "87.5E", "28.55N", 236]],
    "shelters": [["id", "name", "longitude", "latitude"], ["#meta+id", "#loc+name", "#geo+lon", "#geo+lat"], ["s1", "Camp A", 87.45, 28.5]],
}


def test_xlsx_first_sheet_with_chinese_headers(tmp_path):
    """Guards: .xlsx was an unknown extension; the first sheet is read like a CSV."""
    make_xlsx(tmp_path / "v.xlsx", SHEETS)
    gdf = load_villages(tmp_path / "v.xlsx")
    assert list(gdf["id"]) == ["v1", "v2"] and list(gdf["name_zh"]) == ["曲洛村", "措果村"]
    assert list(gdf["population"]) == [412, 236]
    assert gdf.geometry.x.tolist() == [87.46, 87.5]


def test_xlsx_sheet_named_with_its_hxl_row(tmp_path):
    make_xlsx(tmp_path / "v.xlsx", SHEETS)
    gdf = load_layer(f"{tmp_path / 'v.xlsx'}:shelters")
    assert list(gdf["id"]) == ["s1"] and (gdf.geometry.x[0], gdf.geometry.y[0]) == (87.45, 28.5)


def test_xlsx_errors_name_sheet_row_and_field(tmp_path):
    make_xlsx(tmp_path / "v.xlsx", {"s": [["id", "lon", "lat", "population"], ["a", 87.4, 28.5, 5], ["b", 87.4, "", 3]]})
    with pytest.raises(InputError, match=r"v\.xlsx, row 2 \(line 3\), field 'lat': coordinate is empty"):
        load_villages(tmp_path / "v.xlsx")
    with pytest.raises(InputError, match=r"v\.xlsx, field 'sheet': has no sheet 'nope'; its sheets are 's'"):
        load_layer(f"{tmp_path / 'v.xlsx'}:nope")


def test_old_xls_is_refused_with_what_to_do(write):
    with pytest.raises(InputError, match=r"x\.xls: is an Excel 97-2003 \(\.xls\) workbook, which sitrep does not read; save it as \.xlsx"):
        read_features(write("x.xls", b"\xd0\xcf\x11\xe0 not really"))


# --- GeoPackage layers -----------------------------------------------------------------------


@pytest.fixture
def two_layer_gpkg(tmp_path):
    path = tmp_path / "exposure.gpkg"
    gpd.GeoDataFrame({"id": ["v1"], "population": [10]}, geometry=[Point(87.45, 28.5)], crs=4326).to_file(path, layer="villages")
    gpd.GeoDataFrame({"id": ["s1", "s2"]}, geometry=[Point(87.4, 28.5), Point(87.5, 28.6)], crs=4326).to_file(path, layer="shelters")
    return path


def test_geopackage_with_several_layers_needs_one_named(two_layer_gpkg):
    """Guards: only the first layer was read, with a GDAL warning the CLI could not act on."""
    with pytest.raises(InputError, match=r"exposure\.gpkg, field 'layer': holds 2 layers \('villages', 'shelters'\); name one as exposure\.gpkg:LAYER"):
        load_layer(two_layer_gpkg)
    assert list(load_layer(f"{two_layer_gpkg}:shelters")["id"]) == ["s1", "s2"]
    assert list(load_villages(f"{two_layer_gpkg}:villages")["population"]) == [10]
    with pytest.raises(InputError, match=r"has no layer 'roads'; its layers are 'villages', 'shelters'"):
        load_layer(f"{two_layer_gpkg}:roads")


def test_a_file_whose_name_holds_a_colon_is_that_file(tmp_path, two_layer_gpkg):
    odd = tmp_path / "exposure.gpkg:shelters.csv"  # beside exposure.gpkg, which has no layer 'shelters.csv'
    shutil.copy(DATA / "villages-hxl.csv", odd)
    assert list(load_layer(odd)["id"]) == ["t1", "t2"]
    shutil.copy(DATA / "villages-hxl.csv", tmp_path / "shelters 08:00.csv")
    assert len(load_layer(tmp_path / "shelters 08:00.csv")) == 2


def test_cli_check_and_bands_take_file_colon_layer(run_cli, two_layer_gpkg):
    r = run_cli("check", f"{two_layer_gpkg}:villages", "--kind", "villages")
    assert r.code == 0 and "1 villages (Point), all checks passed" in r.out
    r = run_cli("bands", "--layer", f"{two_layer_gpkg}:shelters", "--format", "json")
    assert r.code == 0, r.err
    assert sum(row["count"] or 0 for row in json.loads(r.out)["rows"]) == 2
    r = run_cli("bands", "--layer", str(two_layer_gpkg))
    assert r.code == 2 and "holds 2 layers ('villages', 'shelters')" in r.err and "Traceback" not in r.err


# --- OpenCellID wherever a layer is loaded ---------------------------------------------------


@pytest.mark.parametrize("name", ["opencellid-sample.csv", "opencellid-460-noheader.csv"])
def test_opencellid_given_to_bands_layer_gets_the_opencellid_reader(run_cli, name):
    """Guards: `bands --layer cells.csv` read OpenCellID as a plain CSV (no operator, provenance 'reported'; headerless: refused)."""
    r = run_cli("bands", "--layer", DATA / name, "--by", "operator", "--format", "json")
    assert r.code == 0, r.err
    operators = {row["operator"] for row in json.loads(r.out)["rows"]}
    assert {"China Mobile", "China Telecom"} <= operators
    gdf = load_layer(DATA / name)
    assert set(gdf["provenance"]) == {"approximate"} and gdf["source"].iloc[0].startswith("OpenCellID")
    assert load_layer(DATA / name)["id"].tolist() == load_base_stations(DATA / name)["id"].tolist()


def test_opencellid_as_another_kind_is_refused(run_cli):
    r = run_cli("check", DATA / "opencellid-sample.csv", "--kind", "villages")
    assert r.code == 2 and "is an OpenCellID cell export" in r.err and "load it as base_stations" in r.err


# --- projected coordinates hint --------------------------------------------------------------


def test_projected_xy_without_a_crs_says_so(write):
    with pytest.raises(InputError, match=r"field 'Y': latitude 416621 is outside -90\.\.90 \(these look like projected coordinates.* --crs"):
        read_features(write("t.csv", "X,Y\n1310994.4,416621.4\n"))


# --- app uploads -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "fixture", "count"),
    [("response.kml", "response.kml", 3), ("CN.txt", "geonames-cn-sample.txt", 3), ("cells.csv", "opencellid-460-noheader.csv", 6)],
)
def test_app_uploads_take_the_same_formats(name, fixture, count):
    """Guards: the app's uploader refused .kml/.txt and read an OpenCellID upload as a plain CSV."""
    from sitrep.app import state

    gdf = state.uploaded_layer(name, (DATA / fixture).read_bytes(), (84.0, 26.5, 90.0, 30.5))
    assert len(gdf) == count
    if fixture.startswith("geonames"):
        assert set(gdf["source"]) == {"GeoNames (CN.txt)"}
    if fixture.startswith("opencellid"):
        assert set(gdf["provenance"]) == {"approximate"}


def test_a_table_of_thousands_of_columns_is_refused_at_once(tmp_path):
    """Issue 10 (attacker): a 40 KB one-line .txt of repeated names took pandas 9 s (200 MB: an
    hour) to rename its header; anyone who reaches the app may upload one."""
    path = tmp_path / "NP.txt"
    path.write_text("1\tX\tX\t" + "a," * 20_000 + "\t28.5\t87.45\tP\tPPL\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"20,001 comma-separated columns in its first line; sitrep reads tables of at most 1,000"):
        load_layer(path, "villages")


def test_an_xlsx_bomb_is_refused_before_it_is_unpacked(tmp_path):
    """Issue 10 (attacker): a workbook is a zip, and an 817 KB .xlsx unpacking to 800 MB was parsed
    whole (12 s, 172 MB); KMZ and zipped dumps were already checked."""
    import zipfile

    path = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/worksheets/sheet1.xml", "<" + " " * 50_000_000 + ">")
    with pytest.raises(InputError, match=r"bomb\.xlsx.*possible zip bomb"):
        load_layer(path, "villages")
