"""Parsing raw story exports: both formats with their quirks, dates, fingerprints, bad files."""

import datetime
from pathlib import Path

import pytest

from articles.ingest import (
    AGENCY,
    NEWS_SITE,
    StoryError,
    parse_story,
    publication_time,
    read_story,
)

SOURCES = Path(__file__).resolve().parents[2] / "fixtures" / "sources"
SITE_STORY = SOURCES / "2024-10-09-presidents-gather-at-the-kremlin.txt"
AGENCY_STORY = SOURCES / "2017-12-26-informal-meeting-of-the-cis-heads-of-states.txt"
TODAY = datetime.date(2026, 11, 23)


def site_export(*, date_line="09 October", first_paragraph="8801The heads met.", tail="LiveAll"):
    return "\n".join(
        ["A headline", "World", "−", date_line, first_paragraph, "Second paragraph.", tail]
    ).encode()


# The news-site export --------------------------------------------------------------------------


def test_site_story_gives_headline_section_date_view_count_and_no_agency():
    story = read_story(SITE_STORY, year=2024)
    assert story.source_format == NEWS_SITE
    assert story.headline == "Presidents gather at the Kremlin"
    assert story.section == "World"
    assert story.published_on == datetime.date(2024, 10, 9)
    assert story.view_count == 8801
    assert story.agency is None


def test_site_story_paragraphs_are_its_lines_without_view_count_and_navigation():
    story = read_story(SITE_STORY, year=2024)
    assert len(story.paragraphs) == 22
    assert story.paragraphs[0].startswith("The heads of state of the Commonwealth")
    assert story.paragraphs[-1] == "Thus, the recent meeting of CIS leaders concluded successfully."
    assert not any("LiveAll" in paragraph for paragraph in story.paragraphs)


def test_site_story_text_is_the_file_minus_header_view_count_and_navigation():
    lines = SITE_STORY.read_text(encoding="utf-8").split("\n")
    header, story_lines = lines[:4], lines[4:]
    assert header == ["Presidents gather at the Kremlin", "World", "−", "09 October"]
    assert story_lines[0].startswith("8801") and story_lines[-1] == "LiveAll"
    expected = "\n\n".join([story_lines[0].removeprefix("8801"), *story_lines[1:-1]])
    assert read_story(SITE_STORY, year=2024).text == expected


def test_date_without_a_year_takes_the_given_year():
    story = parse_story(site_export(), year=2019, today=TODAY)
    assert story.published_on == datetime.date(2019, 10, 9)


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (datetime.date(2026, 10, 9), datetime.date(2026, 10, 9)),
        (datetime.date(2026, 10, 8), datetime.date(2025, 10, 9)),
        (datetime.date(2027, 1, 1), datetime.date(2026, 10, 9)),
    ],
)
def test_date_without_a_year_is_the_latest_such_day_not_in_the_future(today, expected):
    assert parse_story(site_export(), today=today).published_on == expected


def test_29_february_without_a_year_is_the_latest_leap_day_passed():
    story = parse_story(site_export(date_line="29 February"), today=datetime.date(2027, 3, 1))
    assert story.published_on == datetime.date(2024, 2, 29)


def test_a_year_printed_in_the_date_line_wins_over_the_option():
    story = parse_story(site_export(date_line="09 October 2023"), year=2019, today=TODAY)
    assert story.published_on == datetime.date(2023, 10, 9)


def test_a_day_that_does_not_exist_in_the_given_year_is_refused():
    with pytest.raises(StoryError, match="“29 February” is not a date in 2023"):
        parse_story(site_export(date_line="29 February"), year=2023, today=TODAY)


def test_first_paragraph_without_a_glued_count_has_no_view_count():
    story = parse_story(site_export(first_paragraph="The heads met."), today=TODAY)
    assert story.view_count is None
    assert story.paragraphs[0] == "The heads met."


def test_only_whole_navigation_lines_are_dropped():
    story = parse_story(site_export(tail="All parties agreed."), today=TODAY)
    assert story.paragraphs[-1] == "All parties agreed."


def test_windows_line_endings_and_a_byte_order_mark_change_nothing():
    raw = SITE_STORY.read_bytes()
    windows = b"\xef\xbb\xbf" + raw.replace(b"\n", b"\r\n")
    assert parse_story(windows, year=2024) == parse_story(raw, year=2024)


# The agency export -----------------------------------------------------------------------------


def test_agency_story_gives_headline_date_from_first_sentence_and_agency():
    story = read_story(AGENCY_STORY)
    assert story.source_format == AGENCY
    assert story.headline == "Informal meeting of the CIS Heads of States"
    assert story.section is None
    assert story.published_on == datetime.date(2017, 12, 26)
    assert story.view_count is None
    assert story.agency == "UzA"


def test_agency_paragraph_broken_mid_sentence_is_one_paragraph():
    story = read_story(AGENCY_STORY)
    assert len(story.paragraphs) == 10
    [joined] = [p for p in story.paragraphs if p.startswith("In the Address of the President")]
    assert "It was noted that our country continues to develop relations" in joined
    assert not any(paragraph.startswith("continues") for paragraph in story.paragraphs)
    assert joined.endswith("within the framework of the Commonwealth.")


def test_agency_story_text_is_the_file_minus_blank_lines_headline_and_credit():
    raw_text = AGENCY_STORY.read_text(encoding="utf-8")
    blocks = [block.strip() for block in raw_text.strip().split("\n\n") if block.strip()]
    assert blocks[0] == "Informal meeting of the CIS Heads of States"
    assert blocks[-1] == "[UzA](#)"
    expected = "\n\n".join(blocks[1:-1]).replace(
        "our country\n\ncontinues", "our country continues"
    )
    assert read_story(AGENCY_STORY).text == expected


def test_agency_date_without_a_year_is_completed_like_the_site_date():
    raw = b"\nHeadline\n\nOn March 3, leaders met.\n\n[UzA](#)"
    assert parse_story(raw, today=TODAY).published_on == datetime.date(2026, 3, 3)
    assert parse_story(raw, year=2020, today=TODAY).published_on == datetime.date(2020, 3, 3)


def test_agency_paragraph_ending_without_punctuation_before_a_capital_stays_apart():
    raw = (
        b"Headline\n\nOn March 3, 2020, leaders met.\n\nBackground\n\nThey met before.\n\n[UzA](#)"
    )
    assert parse_story(raw).paragraphs == (
        "On March 3, 2020, leaders met.",
        "Background",
        "They met before.",
    )


def test_agency_story_without_a_date_in_its_first_sentence_is_refused():
    raw = b"Headline\n\nLeaders met. On March 3, 2020, they left.\n\n[UzA](#)"
    with pytest.raises(StoryError, match="no date in the first sentence"):
        parse_story(raw)


# What identifies a story -----------------------------------------------------------------------


def test_a_re_export_with_new_views_and_a_corrected_paragraph_keeps_its_fingerprint():
    original = parse_story(site_export(), year=2024)
    re_export = parse_story(site_export(first_paragraph="9120The heads of state met."), year=2024)
    assert re_export.view_count != original.view_count
    assert re_export.fingerprint == original.fingerprint


def test_a_new_headline_or_date_is_a_new_fingerprint():
    original = parse_story(site_export(), year=2024)
    other_year = parse_story(site_export(), year=2023)
    other_headline = parse_story(site_export().replace(b"A headline", b"Another"), year=2024)
    assert len({original.fingerprint, other_year.fingerprint, other_headline.fingerprint}) == 3


def test_the_fingerprint_does_not_depend_on_where_the_file_is(tmp_path):
    copy = tmp_path / "renamed.txt"
    copy.write_bytes(SITE_STORY.read_bytes())
    assert read_story(copy, year=2024).fingerprint == read_story(SITE_STORY, year=2024).fingerprint


def test_body_html_is_one_escaped_paragraph_each():
    story = parse_story(site_export(first_paragraph="8801Tom & Jerry <script>x</script>"))
    assert story.body_html == (
        "<p>Tom &amp; Jerry &lt;script&gt;x&lt;/script&gt;</p>\n<p>Second paragraph.</p>"
    )


# Publication time ------------------------------------------------------------------------------


def test_a_past_story_is_published_at_noon_utc_of_its_day():
    now = datetime.datetime(2026, 11, 23, 8, tzinfo=datetime.UTC)
    assert publication_time(datetime.date(2024, 10, 9), now=now) == datetime.datetime(
        2024, 10, 9, 12, tzinfo=datetime.UTC
    )


def test_a_story_dated_today_is_never_given_a_time_in_the_future():
    now = datetime.datetime(2026, 11, 23, 8, tzinfo=datetime.UTC)
    assert publication_time(now.date(), now=now) == now


# Files that cannot be imported -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "the file is empty"),
        (b"\n \n\t\n", "the file is empty"),
        ("Überschrift\nWelt\n-\n09 October\nText".encode("latin-1"), "is not UTF-8 text"),
        (b"Just a note\nwith two lines", "not a story export this importer knows"),
        (b"Headline\nWorld\n\xe2\x88\x92\n09 October\nLiveAll", "no story text after the date"),
        (b"[UzA](#)", "needs a headline and at least one paragraph"),
    ],
    ids=["empty", "blank", "latin-1", "unrecognisable", "no-text", "credit-only"],
)
def test_a_bad_file_is_refused_naming_the_file_and_the_reason(tmp_path, content, reason):
    path = tmp_path / "story.txt"
    path.write_bytes(content)
    with pytest.raises(StoryError) as error:
        read_story(path)
    assert str(error.value).startswith(f"{path}: ")
    assert reason in str(error.value)


def test_a_missing_file_is_refused_naming_it(tmp_path):
    with pytest.raises(StoryError, match=r"missing\.txt: no such file"):
        read_story(tmp_path / "missing.txt")


def test_a_folder_is_refused_naming_it(tmp_path):
    with pytest.raises(StoryError, match="is a folder"):
        read_story(tmp_path)
