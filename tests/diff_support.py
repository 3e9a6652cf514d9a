"""Two versions of a small triage tree, with a case file, for the tests of ``twitchtree diff``.

``OLD`` and ``NEW`` differ in one or more of every kind the diff reports:

- structure: ``lasting`` is renamed ``duration`` (nothing else about it
  changes), ``check-in`` is added;
- paths: ``weakness`` "Yes" is re-wired from ``see-doctor`` (urgent) to
  ``book-visit``; ``weakness`` gets a new answer "Not sure";
- outcomes: ``book-visit`` goes from ``soon`` to ``routine`` (de-escalated),
  ``see-doctor`` from ``urgent`` to ``emergency`` (escalated);
- safety: ``breathing`` "Yes" loses ``red_flag``; ``weakness`` gains
  ``screens = "urgent"``;
- text: ``breathing``'s text and help, ``home-care``'s red flags, the
  condition's summary;
- metadata: version, review dates, authors.

Import them: ``from diff_support import OLD, NEW, CASES``.
"""

from __future__ import annotations

OLD = """\
format = 1
id = "triage"
title = "Triage"
version = "1.0"
authors = ["Ann Author"]
reviewed = 2026-01-10
review_by = 2027-01-10
start = "breathing"

[sources.src]
title = "A source"

[conditions.cond]
name = "A condition"
summary = "Usually harmless."
sources = ["src"]

[nodes.breathing]
type = "question"
text = "Any trouble breathing?"
help = "Short of breath at rest."
screens = "emergency"
sources = ["src"]
answers = [
  { label = "Yes", next = "call-now", red_flag = true },
  { label = "No", next = "weakness" },
]

[nodes.weakness]
type = "question"
text = "Any new weakness?"
conditions = ["cond"]
sources = ["src"]
answers = [
  { label = "Yes", next = "see-doctor", why = "Weakness needs a look.", red_flag = true },
  { label = "No", next = "lasting" },
]

[nodes.lasting]
type = "question"
text = "Has it lasted two weeks?"
sources = ["src"]
answers = [{ label = "Yes", next = "book-visit" }, { label = "No", next = "home-care" }]

[nodes.call-now]
type = "outcome"
urgency = "emergency"
title = "Call emergency services"
text = "Call now."
sources = ["src"]

[nodes.see-doctor]
type = "outcome"
urgency = "urgent"
title = "See a doctor within a day or two"
text = "Soon."
sources = ["src"]

[nodes.book-visit]
type = "outcome"
urgency = "soon"
title = "Book an appointment"
text = "Within days."
sources = ["src"]

[nodes.home-care]
type = "outcome"
urgency = "self-care"
title = "Rest at home"
text = "Watch for changes."
red_flags = ["Spreading twitches"]
sources = ["src"]
"""

NEW = """\
format = 1
id = "triage"
title = "Triage"
version = "1.1"
authors = ["Ann Author", "Rev Reviewer"]
reviewed = 2026-06-01
review_by = 2027-06-01
start = "breathing"

[sources.src]
title = "A source"

[conditions.cond]
name = "A condition"
summary = "Usually harmless, sometimes not."
sources = ["src"]

[nodes.breathing]
type = "question"
text = "Any trouble breathing right now?"
help = "Short of breath at rest, or when lying flat."
screens = "emergency"
sources = ["src"]
answers = [
  { label = "Yes", next = "call-now" },
  { label = "No", next = "weakness" },
]

[nodes.weakness]
type = "question"
text = "Any new weakness?"
conditions = ["cond"]
sources = ["src"]
screens = "urgent"
answers = [
  { label = "Yes", next = "book-visit", why = "Weakness needs a look.", red_flag = true },
  { label = "No", next = "duration" },
  { label = "Not sure", next = "check-in" },
]

[nodes.duration]
type = "question"
text = "Has it lasted two weeks?"
sources = ["src"]
answers = [{ label = "Yes", next = "book-visit" }, { label = "No", next = "home-care" }]

[nodes.call-now]
type = "outcome"
urgency = "emergency"
title = "Call emergency services"
text = "Call now."
sources = ["src"]

[nodes.see-doctor]
type = "outcome"
urgency = "emergency"
title = "See a doctor within a day or two"
text = "Soon."
sources = ["src"]

[nodes.book-visit]
type = "outcome"
urgency = "routine"
title = "Book an appointment"
text = "Within days."
sources = ["src"]

[nodes.check-in]
type = "outcome"
urgency = "routine"
title = "Mention it at your next visit"
text = "No hurry."
sources = ["src"]

[nodes.home-care]
type = "outcome"
urgency = "self-care"
title = "Rest at home"
text = "Watch for changes."
red_flags = ["Spreading twitches", "New weakness"]
sources = ["src"]
"""

CASES = """\
format = 1
tree = "triage"

[[cases]]
id = "breathless"
title = "Breathless"
patient = "Cannot finish a sentence."
answers = { breathing = "Yes" }
expect = { outcome = "call-now", urgency = "emergency" }

[[cases]]
id = "weak-arm"
title = "A weak arm"
patient = "Drops cups."
answers = { breathing = "No", weakness = "Yes" }
expect = { outcome = "see-doctor", urgency = "urgent" }

[[cases]]
id = "long-twitch"
title = "A twitch for a month"
patient = "A calf twitch for a month."
answers = { breathing = "No", weakness = "No", lasting = "Yes" }
expect = { outcome = "book-visit", urgency = "soon" }

[[cases]]
id = "short-twitch"
title = "A twitch for a day"
patient = "An eyelid twitch since yesterday."
answers = { breathing = "No", weakness = "No", lasting = "No" }
expect = { outcome = "home-care", urgency = "self-care" }
"""
"""Cases for ``OLD`` (they all pass on it): "weak-arm" and "long-twitch" end elsewhere on ``NEW``."""
