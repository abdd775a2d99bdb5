"""The MMI field every intensity source produces: interpolation, levels, areas on the ellipsoid."""

import numpy as np
import pytest
from shapely.geometry import Polygon

from sitrep.geodesy import geodesic_area_km2
from sitrep.intensity.field import MMIField, mmi_level, roman, zone_area_km2


def _field(mmi=None, sigma=None):
    lon = np.array([87.0, 87.5, 88.0])
    lat = np.array([28.0, 28.5])
    if mmi is None:
        mmi = np.array([[5.0, 6.0, 7.0], [6.0, 7.0, 8.0]])
    return MMIField(lon=lon, lat=lat, mmi=mmi, sigma=sigma, source="model", model="test")


def test_levels_are_pager_bins_half_open_above():
    assert mmi_level([8.49, 8.5, 9.49999, 9.5, np.nan, 0.2, 12.9]).tolist() == [8, 9, 9, 10, -1, 0, 12]
    assert roman(9) == "IX" and roman(10) == "X"


def test_values_at_nodes_and_between_them_are_bilinear():
    f = _field(sigma=np.full((2, 3), 0.5))
    mmi, sigma = f.at([87.0, 88.0, 87.25, 87.75], [28.0, 28.5, 28.25, 28.0])
    assert mmi.tolist() == pytest.approx([5.0, 8.0, 6.0, 6.5])
    assert sigma.tolist() == pytest.approx([0.5] * 4)


def test_points_outside_the_grid_have_no_value():
    mmi, sigma = _field().at([86.9, 87.5, 88.01], [28.2, 28.6, 28.2])
    assert np.isnan(mmi).all() and sigma is None


def test_cell_areas_tile_the_grid_exactly_on_the_ellipsoid():
    """Cells are bounded by parallels; their sum is the zone's area, close to the geodesic polygon's."""
    f = _field()
    total = f.cell_area_km2().sum() * f.lon.size
    west, south, east, north = f.bounds
    assert total == pytest.approx(float(zone_area_km2(south, north, east - west)), rel=1e-12)
    ring_lon = np.r_[np.full(50, west), np.linspace(west, east, 50), np.full(50, east), np.linspace(east, west, 50)]
    ring_lat = np.r_[
        np.linspace(south, north, 50), np.full(50, north), np.linspace(north, south, 50), np.full(50, south)
    ]
    assert total == pytest.approx(geodesic_area_km2(Polygon(zip(ring_lon, ring_lat))), rel=1e-5)


def test_level_areas_sum_cells_with_a_value():
    f = _field(mmi=np.array([[np.nan, 6.2, 7.0], [6.0, 7.4, 8.6]]))
    areas = f.level_areas_km2()
    rows = f.cell_area_km2()
    assert sorted(areas) == [6, 7, 9]
    assert areas[6] == pytest.approx(rows[0] + rows[1])
    assert areas[7] == pytest.approx(rows[0] + rows[1])


def test_a_grid_with_the_wrong_shape_is_refused():
    with pytest.raises(ValueError, match="shape"):
        MMIField(lon=np.array([1.0, 2.0]), lat=np.array([1.0, 2.0]), mmi=np.zeros((3, 2)), source="model", model="x")
    with pytest.raises(ValueError, match="ascending"):
        MMIField(lon=np.array([2.0, 1.0]), lat=np.array([1.0, 2.0]), mmi=np.zeros((2, 2)), source="model", model="x")
