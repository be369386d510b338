"""The words the availability reader knows: days, months, parts of day, connectors and fillers.

Kept apart from the grammar so that adding a spelling is a one-line change. All keys are lower case.
"""

from __future__ import annotations

from functools import lru_cache

__all__ = [
    "DAY_SETS",
    "FILLERS",
    "MONTHS",
    "NEGATIONS",
    "PART_WORDS",
    "RANGE_WORDS",
    "WEEKDAYS",
    "closest_word",
    "words",
]


def words(text: str) -> frozenset[str]:
    """A set of words written as one whitespace-separated string."""
    return frozenset(text.split())


_DAY_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")

WEEKDAYS: dict[str, int] = {}
for _index, _name in enumerate(_DAY_NAMES):
    WEEKDAYS[_name] = _index
    WEEKDAYS[_name + "s"] = _index
WEEKDAYS.update(
    {
        "mon": 0, "mons": 0, "mo": 0, "monady": 0, "mondy": 0, "monay": 0,
        "tue": 1, "tues": 1, "tuess": 1, "tu": 1, "tuesdays": 1, "tuseday": 1, "teusday": 1, "tusday": 1,
        "tuesay": 1,
        "wed": 2, "weds": 2, "wednes": 2, "wensday": 2, "wendsday": 2, "wednsday": 2, "wedsday": 2,
        "wedensday": 2, "wednessday": 2, "wendesday": 2, "wednseday": 2, "we": 2,
        "thu": 3, "thur": 3, "thurs": 3, "thr": 3, "thrus": 3, "thursdays": 3, "thrusday": 3, "thurday": 3,
        "thursay": 3, "thurdsay": 3, "th": 3, "thrs": 3, "thrsday": 3, "thurss": 3,
        "fri": 4, "fris": 4, "fr": 4, "firday": 4, "fridy": 4, "friady": 4,
        "sat": 5, "sats": 5, "sa": 5, "satruday": 5, "saterday": 5, "satuday": 5, "saturady": 5,
        "sun": 6, "suns": 6, "su": 6, "sundy": 6, "sundya": 6, "sunady": 6,
    }
)  # fmt: skip

ALL_DAYS = frozenset(range(7))
WORKDAYS = frozenset(range(5))
WEEKEND = frozenset({5, 6})

# Single words naming a set of days.
DAY_SETS: dict[str, frozenset[int]] = {
    "weekdays": WORKDAYS,
    "weekday": WORKDAYS,
    "workdays": WORKDAYS,
    "workday": WORKDAYS,
    "weeknights": WORKDAYS,
    "weeknight": WORKDAYS,
    "weekends": WEEKEND,
    "weekend": WEEKEND,
    "everyday": ALL_DAYS,
    "daily": ALL_DAYS,
}

# Compact day codes used in class schedules: "MWF", "TTh", "TR", "M/W/F".
DAY_CODES: dict[str, int] = {
    "m": 0, "t": 1, "tu": 1, "w": 2, "th": 3, "r": 3, "f": 4, "sa": 5, "s": 5, "su": 6, "u": 6,
}  # fmt: skip

MONTHS: dict[str, int] = {}
for _index, _name in enumerate(
    (
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ),
    start=1,
):
    MONTHS[_name] = _index
    MONTHS[_name[:3]] = _index
MONTHS.update({"sept": 9, "febuary": 2, "feburary": 2, "decemeber": 12, "novemeber": 11, "octobre": 10})

# Month words that are also ordinary English words: months only next to a day number.
AMBIGUOUS_MONTHS = frozenset({"may", "mar", "march", "jun", "sept", "dec", "jan"})

# Parts of day: name -> DayParts attribute.
PART_WORDS: dict[str, str] = {
    "morning": "morning",
    "mornings": "morning",
    "afternoon": "afternoon",
    "afternoons": "afternoon",
    "arvo": "afternoon",
    "evening": "evening",
    "evenings": "evening",
    "eve": "evening",
    "night": "evening",
    "nights": "evening",
    "tonight": "evening",
    "lunch": "lunch",
    "lunchtime": "lunch",
    "lunchtimes": "lunch",
    "anytime": "program_day",
    "whenever": "",  # too vague to read: reported, never guessed
}

# Words that join the two ends of a range of times or days.
RANGE_WORDS = frozenset({"to", "till", "til", "until", "thru", "through", "untill", "-"})

# Words that turn what follows into an exclusion.
NEGATIONS = frozenset(
    {
        "except",
        "excluding",
        "exclude",
        "excl",
        "not",
        "no",
        "unavailable",
        "busy",
        "cannot",
        "can't",
        "cant",
        "won't",
        "wont",
        "besides",
        "minus",
        "away",
        "vacation",
        "holiday",
        "holidays",
        "traveling",
        "travelling",
        "pto",
        "leave",
    }
)

# Words that end an exclusion and start availability again.
AFFIRMATIONS = frozenset(
    {
        "available",
        "free",
        "otherwise",
        "however",
        "also",
        "works",
        "open",
        "so",
        "best",
        "good",
        "great",
        "fine",
    }
)

# Words that carry no availability of their own (said, understood, deliberately unused).
FILLERS = words(
    """
    i've we're we'll we'd we've you're they're
    a an the i i'm im i'd i'll am is are be was will would can could should may might do does it its
    it's me my mine we our us you your yours they their he she him her on at in of for with by as per
    about around approx approximately roughly ish -ish or and so then also too either both anything
    please available availability avail availabilities free open usually generally typically mostly
    normally often sometimes ideally preferably prefer preferred preference best good great fine ok okay
    works working only just most all some any every each weekly pretty much very really basically time
    times timeslot slot slots hour hours hr hrs local schedule sessions session meeting meetings call
    calls zoom meet here there that these those like if when where what which how yes sure definitely
    probably possibly maybe hopefully though although thanks thank cheers regards o'clock oclock clock
    start starting begin beginning anywhere have has had got get doing done
    hi hello hey dear greetings sincerely flexible work whatever whichever either class classes lecture
    lectures shift job practice lab week weeks month months day days
    """
)

# Everything the fuzzy matcher may correct a misspelling to.
_FUZZY_TARGETS: tuple[tuple[str, str], ...] = tuple(
    [(name, "day") for name in _DAY_NAMES]
    + [(name + "s", "day") for name in _DAY_NAMES]
    + [(name, "part") for name in ("morning", "mornings", "afternoon", "afternoons", "evening", "evenings")]
    + [(name, "month") for name in MONTHS if len(name) > 4]
    + [(name, "set") for name in ("weekdays", "weekends")]
)


def _distance(a: str, b: str, limit: int) -> int:
    """Damerau-Levenshtein distance (adjacent swaps count once), giving up above `limit`."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous_previous: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, start=1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, start=1):
            cost = 0 if ca == cb else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                current[j] = min(current[j], previous_previous[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        previous_previous, previous = previous, current
    return previous[-1]


@lru_cache(maxsize=4096)
def closest_word(word: str) -> tuple[str, str] | None:
    """A day, month or part-of-day name `word` is a likely misspelling of: ('wednesday', 'day')."""
    if len(word) < 5 or not word.isalpha():
        return None
    best: tuple[int, str, str] | None = None
    limit = 1 if len(word) < 7 else 2
    for target, kind in _FUZZY_TARGETS:
        if target[0] != word[0]:
            continue
        distance = _distance(word, target, limit)
        if distance <= limit and (best is None or distance < best[0]):
            best = (distance, target, kind)
    return (best[1], best[2]) if best else None


# Shorthands people type, read as the word they stand for.
SHORTHANDS: dict[str, str] = {
    "btwn": "between",
    "betw": "between",
    "bw": "between",
    "tmrw": "tomorrow",
    "tmr": "tomorrow",
    "tmrrw": "tomorrow",
    "tonite": "tonight",
    "nite": "night",
    "nites": "nights",
    "morn": "morning",
    "morns": "mornings",
    "aft": "afternoon",
    "afts": "afternoons",
    "aftn": "afternoon",
    "eve": "evening",
    "eves": "evenings",
    "wk": "week",
    "wkday": "weekday",
    "wkdays": "weekdays",
    "wknd": "weekend",
    "wknds": "weekends",
    "wkend": "weekend",
    "wkends": "weekends",
    "wkdy": "weekday",
    "wkdys": "weekdays",
    "thru": "through",
    "til": "till",
    "til'": "till",
    "'til": "till",
    "w/e": "weekend",
    "avail": "available",
    "anytme": "anytime",
    "tho": "though",
    "noonish": "noon",
    "midnite": "midnight",
}
