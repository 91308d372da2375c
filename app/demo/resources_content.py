"""The demo library's resources: realistic NHS OHWB tools (fictional organisations' versions).

The rows are data, kept in resources.json: (title, type, topics, framework elements, People
Promise themes, sectors, file type or None, external link or None, summary, description lines).
ADAPTATIONS are local adaptations of one of those tools: (index of the original, title, region,
summary, extra description lines); they are linked to their original, not listed as its equal.
STATUSES names the few that are not published (by title): they show the moderation queue.
"""

import json
from pathlib import Path

_DATA = json.loads((Path(__file__).with_name("resources.json")).read_text(encoding="utf-8"))
RESOURCES = [tuple(row) for row in _DATA["resources"]]
ADAPTATIONS = [tuple(row) for row in _DATA["adaptations"]]
STATUSES = _DATA["statuses"]
