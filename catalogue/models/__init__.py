"""The offer of professional learning: opportunities, their sessions, and the bookings on them.

An opportunity is published by a provider (any organisation: the national body, a university, a
local authority, a cluster, a school) for an audience organisation (all of Wales, a region, an
LA, a cluster or one school) and mapped to the standards and the national vocabularies. Scheduled
opportunities have sessions of one or more meetings; self-paced ones have none, and a
practitioner starts and completes them.

Places are counted on the session (``taken``: requested, booked, offered, attended and absent
bookings), changed only under the session's row lock by ``catalogue.services``, and guarded by
the database: ``taken`` never exceeds ``capacity``, a person holds one live booking per session,
and waitlist positions are unique.
"""

from __future__ import annotations

from catalogue.models.booking import (
    HOLDS_PLACE as HOLDS_PLACE,
)
from catalogue.models.booking import (
    LIVE as LIVE,
)
from catalogue.models.booking import (
    Booking as Booking,
)
from catalogue.models.booking import (
    BookingRules as BookingRules,
)
from catalogue.models.booking import (
    BookingStatus as BookingStatus,
)
from catalogue.models.booking import (
    Enrolment as Enrolment,
)
from catalogue.models.booking import (
    Interest as Interest,
)
from catalogue.models.booking import (
    Meeting as Meeting,
)
from catalogue.models.booking import (
    Session as Session,
)
from catalogue.models.booking import (
    SessionStatus as SessionStatus,
)
from catalogue.models.endorsement import (
    Decision as Decision,
)
from catalogue.models.endorsement import (
    EndorsementCriteria as EndorsementCriteria,
)
from catalogue.models.endorsement import (
    EndorsementCriterion as EndorsementCriterion,
)
from catalogue.models.endorsement import (
    Judgement as Judgement,
)
from catalogue.models.endorsement import (
    Review as Review,
)
from catalogue.models.endorsement import (
    Submission as Submission,
)
from catalogue.models.learning import (
    Evaluation as Evaluation,
)
from catalogue.models.learning import (
    LearningRecord as LearningRecord,
)
from catalogue.models.offer import (
    ALL_WALES as ALL_WALES,
)
from catalogue.models.offer import (
    EVERYONE as EVERYONE,
)
from catalogue.models.offer import (
    LISTED as LISTED,
)
from catalogue.models.offer import (
    Audience as Audience,
)
from catalogue.models.offer import (
    DeliveryLanguage as DeliveryLanguage,
)
from catalogue.models.offer import (
    Endorsement as Endorsement,
)
from catalogue.models.offer import (
    Facet as Facet,
)
from catalogue.models.offer import (
    Format as Format,
)
from catalogue.models.offer import (
    Opportunity as Opportunity,
)
from catalogue.models.offer import (
    Status as Status,
)
