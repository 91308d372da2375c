"""Imports every model module so that metadata (and Alembic autogenerate) sees all tables.

Each feature adds one import line here when it gains models.
"""

from app.auth.models import User  # noqa: F401
from app.case_studies.models import CaseStudy, ImpactMeasure  # noqa: F401
from app.comments.models import Comment  # noqa: F401
from app.directory.models import PractitionerProfile  # noqa: F401
from app.events.models import Event  # noqa: F401  (and every other events model in that module)
from app.following.models import Follow  # noqa: F401
from app.inbox.models import Conversation  # noqa: F401  (and its members and messages)
from app.notifications.models import Notification  # noqa: F401  (and fan-outs, preferences, digest runs)
from app.publishing.models import ContentRevision, ReuseRecord, UsefulMark  # noqa: F401
from app.resources.models import Resource, ResourceDownload, ResourceVersion  # noqa: F401
from app.saved.models import SavedItem  # noqa: F401
from app.search import models as search_models  # noqa: F401
from app.spaces.models import Reply, Space, SpaceMember, Thread  # noqa: F401  (and the other spaces models)
from app.spaces.recommend_models import SpaceRecommendation  # noqa: F401
from app.taxonomy.models import IntegratedCareSystem, Region, Term  # noqa: F401
