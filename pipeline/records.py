"""Plain records that extraction produces; no spaCy object passes beyond ``extract``.

Every extracted value is grounded: ``text`` is verbatim, ``span`` is ``[start, end)`` in the
document text (``text == document_text[start:end]``) and ``rule`` names the rule that found it.
Field order here is the key order of the JSON output.
"""
from __future__ import annotations

from dataclasses import dataclass, field

SCHEMA_VERSION = 1


@dataclass
class Grounded:
    """A verbatim piece of the document with where it is and the rule that found it."""

    text: str
    span: list[int]
    rule: str


@dataclass
class Venue:
    text: str
    span: list[int]
    rule: str
    online: bool = False
    platform: str | None = None


@dataclass
class RegionRef:
    name: str  # full official name, "Kabupaten Lahat"
    type: str  # provinsi, kabupaten or kota
    code: str  # Kemendagri code
    province: str
    province_code: str
    text: str
    span: list[int]
    rule: str


@dataclass
class Person:
    """Who opened or chaired a meeting."""

    text: str
    span: list[int]
    rule: str
    role: str | None = None
    organization: str | None = None
    name: str | None = None
    titles: list[str] = field(default_factory=list)
    on_behalf_of: Grounded | None = None


@dataclass
class Attendee:
    text: str
    span: list[int]
    rule: str
    role: str | None = None
    role_expanded: str | None = None
    unit: str | None = None
    organization: str | None = None
    organization_expanded: str | None = None
    region: str | None = None
    region_code: str | None = None
    name: str | None = None
    titles: list[str] = field(default_factory=list)
    acting: str | None = None  # Plt., Pj., Plh.
    plural: bool = False
    side: str | None = None  # "host" or "visiting", where the minutes name a visiting delegation


@dataclass
class AgendaItem:
    number: int
    kind: str  # sambutan, paparan, diskusi, ...
    text: str
    span: list[int]
    rule: str
    by: str | None = None


@dataclass
class Stage:
    name: str
    text: str
    span: list[int]
    rule: str


@dataclass
class UrusanRef:
    """The government affair (Permendagri 90/2019) an item is filed under, and the cue that says so."""

    code: str  # "1.02"
    name: str  # "Kesehatan"
    text: str
    span: list[int]
    rule: str


@dataclass
class Issue:
    number: int
    text: str
    span: list[int]
    rule: str
    marker: str | None = None  # "(1)", "a.", "Pertama", ...
    heading: Grounded | None = None
    details: list[Grounded] = field(default_factory=list)
    urusan: UrusanRef | None = None


@dataclass
class Challenge:
    text: str
    span: list[int]
    rule: str


@dataclass
class Program:
    number: int
    kind: str  # priority, breakthrough, proposal, planned, named
    text: str
    span: list[int]
    rule: str
    marker: str | None = None
    heading: Grounded | None = None
    activities: list[Grounded] = field(default_factory=list)
    urusan: UrusanRef | None = None


@dataclass
class FollowUp:
    number: int
    text: str
    span: list[int]
    rule: str
    responsible: str | None = None
    deadline: str | None = None  # ISO date
    deadline_text: str | None = None
    heading: Grounded | None = None


@dataclass
class Commodity:
    name: str
    text: str
    span: list[int]
    rule: str


@dataclass
class Warning:
    code: str
    message: str


@dataclass
class Meeting:
    date: str | None = None
    date_end: str | None = None
    date_text: Grounded | None = None
    date_year_inferred: bool = False
    weekday: str | None = None  # as written, canonical spelling
    weekday_agrees: bool | None = None
    time_start: str | None = None
    time_end: str | None = None
    time_text: list[Grounded] = field(default_factory=list)
    timezone: str | None = None  # only as written in the text
    utc_offset: str | None = None
    timezone_of_region: str | None = None  # inferred from the region's province, for reference
    start: str | None = None
    end: str | None = None
    venue: Venue | None = None
    region: RegionRef | None = None
    subregion: RegionRef | None = None
    opened_by: Person | None = None
    plan_year: int | None = None
    plan_year_text: Grounded | None = None


@dataclass
class Source:
    path: str
    sha256: str
    format: str
    encoding: str | None = None


@dataclass
class MinutesRecord:
    """Everything extracted from one document."""

    schema_version: int
    id: str
    source: Source
    title: Grounded | None
    meeting: Meeting
    attendees: list[Attendee]
    agenda: list[AgendaItem]
    planning_stages: list[Stage]
    issues: list[Issue]
    challenges: list[Challenge]
    programs: list[Program]
    follow_ups: list[FollowUp]
    commodities: list[Commodity]
    warnings: list[Warning]
    text: str  # the document text every span indexes into
