"""The demo case studies: realistic NHS OHWB interventions drawn from the seed documents' themes.

Each scenario is written up by two organisations (in different regions and ICSs) with their own
figures, so the library has 42 case studies across every vocabulary. The scenarios are data, kept
in case_studies.json: title, topics, framework elements, People Promise themes, staff groups,
cost band, evaluation method, summary, context, approach, outcomes, lessons, adapt, measures
(metric, baseline, result, unit, period, source) and resources used (indexes into RESOURCES);
ORGANISATIONS holds (organisation, sector, region, ICS) for each write-up.
"""

import json
from pathlib import Path

_DATA = json.loads((Path(__file__).with_name("case_studies.json")).read_text(encoding="utf-8"))
SCENARIOS = [dict(s, measures=[tuple(m) for m in s["measures"]]) for s in _DATA["scenarios"]]
ORGANISATIONS = [tuple(row) for row in _DATA["organisations"]]
