"""The demo case studies: realistic NHS OHWB interventions drawn from the seed documents' themes.

The scenarios are data, kept in case_studies.json: title, topics, framework elements, People
Promise themes, staff groups, cost band, evaluation method, summary, context, approach,
outcomes, lessons, adapt, measures (metric, baseline, result, unit, period, source), resources
used (indexes into RESOURCES) and optionally the organisation ("org", an index into
ORGANISATIONS) and a "status" other than published. ORGANISATIONS holds (organisation, sector, region, ICS).
ADAPTATIONS are write-ups by another organisation that took a scenario and changed it: "of"
(the scenario), "org", title, summary, what they "changed", a "scale" for their figures and
optionally a "status" (a few wait in moderation).
"""

import json
from pathlib import Path

_DATA = json.loads((Path(__file__).with_name("case_studies.json")).read_text(encoding="utf-8"))
SCENARIOS = [dict(s, measures=[tuple(m) for m in s["measures"]]) for s in _DATA["scenarios"]]
ORGANISATIONS = [tuple(row) for row in _DATA["organisations"]]
ADAPTATIONS = _DATA["adaptations"]
