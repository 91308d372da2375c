"""Imports every model module so that metadata (and Alembic autogenerate) sees all tables.

Each feature adds one import line here when it gains models.
"""

from app.auth.models import User  # noqa: F401
from app.search import models as search_models  # noqa: F401
from app.taxonomy.models import IntegratedCareSystem, Region, Term  # noqa: F401
