import pytest

from caption_studio.core import fields

REQUIRED = ["title", "headline", "description", "description_writer", "creator",
            "creator_jobtitle", "credit_line", "source", "copyright_notice", "date_created",
            "city", "sublocation", "province_state", "country", "country_code", "keywords",
            "instructions", "job_id", "person_in_image", "event", "status", "rating"]


def test_registry_has_every_required_field_once():
    assert sorted(fields.KEYS) == sorted(REQUIRED)
    assert len(set(fields.KEYS)) == len(fields.KEYS)


def test_list_fields():
    assert {f.key for f in fields.FIELDS if f.is_list} == {"creator", "keywords",
                                                          "person_in_image"}


def test_iim_datasets_are_unique_and_well_formed():
    iims = [f.iim for f in fields.fields_with_iim()]
    assert len({i.dataset for i in iims}) == len(iims)
    for iim in iims:
        assert iim.key.startswith("Iptc.Application2.") and iim.max_bytes > 0
    assert fields.field("description").iim.max_bytes == 2000
    assert fields.field("creator").iim.max_bytes == 32


def test_every_written_field_has_an_xmp_home():
    for f in fields.FIELDS:
        if f.key != "status":
            assert f.xmp and f.xmp.startswith("Xmp."), f.key


@pytest.mark.parametrize("key,raw,expected", [
    ("creator", "李雨恒; 张锦辉;李雨恒", ["李雨恒", "张锦辉"]),
    ("keywords", ["a", " ", "b"], ["a", "b"]),
    ("date_created", "2024:04:23".replace(":", "-"), "2024-04-23"),
    ("date_created", "20240423", "2024-04-23"),
    ("date_created", "2024-04-23 10:11:12", "2024-04-23T10:11:12"),
    ("status", "Needs review", "needs_review"),
    ("rating", "3", 3),
    ("city", "  ", None),
])
def test_normalize(key, raw, expected):
    assert fields.normalize(key, raw) == expected


def test_round_trip_and_byte_counts():
    value = ["李雨恒", "Zhang Jinhui"]
    assert fields.decode("creator", fields.encode("creator", value)) == value
    assert fields.iim_bytes("creator", value) == 12
    assert fields.over_iim_limit("credit_line", "视觉重庆" * 3)  # 36 bytes > 32
    assert not fields.over_iim_limit("credit_line", "视觉重庆")


def test_dates_fit_their_iim_dataset():
    assert fields.iim_bytes("date_created", "2024-04-23T10:11:12") == 8
    assert not fields.over_iim_limit("date_created", "2024-04-23")
