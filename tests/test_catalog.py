"""The declarative layer catalog in layers/: one spec per layer, checked on read."""

import pytest

from sitrep.errors import SpecError
from sitrep.io import list_scenarios, read_scenario_spec
from sitrep.io.catalog import read_scenario_spec as read_spec

SCENARIO_LAYERS = {"epicentres", "townships", "villages", "reservoirs", "hydropower", "base_stations", "rupture", "county", "basemap"}


def test_bundled_scenario_declares_every_layer():
    spec = read_scenario_spec("dingri-2025")
    assert set(spec.layer_names) == SCENARIO_LAYERS
    assert spec.reference_solution == "cenc"
    assert spec.bands_km == (0, 10, 20, 50)
    assert spec.utc_offset_hours == 8
    for layer in spec.layers:
        assert layer.file.is_file(), layer.name
        assert layer.legend and layer.title_zh and layer.provenance_note, layer.name


def test_layers_come_in_drawing_order():
    names = read_scenario_spec("dingri-2025").layer_names
    assert names[:2] == ("basemap", "county") and names[-1] == "epicentres"


def test_list_scenarios():
    assert list_scenarios() == ["dingri-2025"]


def test_unknown_scenario_names_the_known_ones():
    """Issue 10 renamed scenarios to incidents: the message names the known incidents and their origin."""
    with pytest.raises(SpecError, match=r"no incident 'atlantis'.*known incidents: dingri-2025 \(bundled\)"):
        read_scenario_spec("atlantis")


def test_unknown_layer_names_the_known_ones():
    with pytest.raises(SpecError, match=r"scenario 'dingri-2025' has no layer 'roads'; it has basemap, county, villages"):
        read_scenario_spec("dingri-2025").layer("roads")


def _scenario(tmp_path, layer_toml: str):
    (tmp_path / "s.toml").write_text('name="s"\ntitle="S"\nreference_solution="a"\nbands_km=[0,10]\nregion=[0,0,1,1]\n')
    (tmp_path / "s").mkdir()
    (tmp_path / "s" / "x.toml").write_text(layer_toml)
    return read_spec("s", layers_dir=tmp_path, root=tmp_path)


def test_adding_a_layer_is_adding_a_file(tmp_path):
    spec = _scenario(tmp_path, 'name="x"\nkind="villages"\nfile="x.csv"\ntitle="X"\n[style]\ncolor="#000"\n')
    assert spec.layer("x").file == tmp_path / "x.csv"
    assert spec.layer("x").style == {"color": "#000"}


@pytest.mark.parametrize(
    ("toml", "message"),
    [
        ('name="x"\nkind="roads"\nfile="x"\ntitle="X"\n', r"kind 'roads' is not one of epicentres"),
        ('name="y"\nkind="villages"\nfile="x"\ntitle="X"\n', r"name 'y' must match the file name 'x'"),
        ('name="x"\nkind="villages"\ntitle="X"\n', r"missing key\(s\) file"),
        ('name="x"\nkind="villages"\nfile="x"\ntitle="X"\ncolour="red"\n', r"unknown key\(s\) colour"),
        ('name="x"\nkind="villages"\nfile="x"\ntitle="X"\ncoverage="a b"\n', r"coverage 'a b' must be"),
        ('name = "x\n', r"not readable TOML"),
    ],
)
def test_malformed_layer_specs_are_refused(tmp_path, toml, message):
    with pytest.raises(SpecError, match=message):
        _scenario(tmp_path, toml)


def test_the_scenario_names_its_area_and_its_population(layers):
    """Issue 9: the incident's area (the default scope, the cards') and the ceiling of people counts come from the spec."""
    spec = read_scenario_spec("dingri-2025")
    assert spec.scope == "Dingri county"
    assert spec.population == 58173 == layers["villages"]["population"].sum()  # 2020 census, as data/README.md says


def test_scope_defaults_to_the_title_and_population_must_be_a_count(tmp_path):
    head = 'name="s"\ntitle="S"\nreference_solution="a"\nbands_km=[0,10]\nregion=[0,0,1,1]\n'
    (tmp_path / "s").mkdir()
    (tmp_path / "s.toml").write_text(head)
    assert (read_spec("s", layers_dir=tmp_path).scope, read_spec("s", layers_dir=tmp_path).population) == ("S", None)
    (tmp_path / "s.toml").write_text(head + "population = -5\n")
    with pytest.raises(SpecError, match="'population' must be a positive whole number of people, got -5"):
        read_spec("s", layers_dir=tmp_path)
