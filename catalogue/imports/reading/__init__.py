"""Reading a provider's files: the columns, and each row checked against Hawl's rules and data.

By part: ``columns`` (the files, what changed, a summary), ``vocabulary`` (a cell's words to
codes), ``opportunities`` and ``sessions`` (their rows). Their public names are here, but for the
helpers the parts share.

An opportunities file has a row per opportunity, named by a reference of the provider's
choosing; importing a row again with the same reference changes that opportunity (the
references an import gave are remembered in its record). A sessions file has a row per session,
naming its opportunity by that reference or by its number in Hawl. Codes and names are both
accepted, in English or Welsh ("pedagogy", "Pedagogy", "Addysgeg"); several values in one cell
are separated by semicolons. An empty cell leaves what Hawl holds for an opportunity already
imported; a new one gets the form's defaults, and the same rules as the form (both languages
before it is listed, a standard, a link for self-paced learning …), with the form's messages.
"""

from catalogue.imports.reading.columns import FIELD_LABELS as FIELD_LABELS
from catalogue.imports.reading.columns import OPPORTUNITIES as OPPORTUNITIES
from catalogue.imports.reading.columns import OPPORTUNITY_COLUMNS as OPPORTUNITY_COLUMNS
from catalogue.imports.reading.columns import SEPARATED as SEPARATED
from catalogue.imports.reading.columns import SESSION_COLUMNS as SESSION_COLUMNS
from catalogue.imports.reading.columns import SESSIONS as SESSIONS
from catalogue.imports.reading.columns import scope_of as scope_of
from catalogue.imports.reading.columns import summary_text as summary_text
from catalogue.imports.reading.opportunities import MAPPED_LISTS as MAPPED_LISTS
from catalogue.imports.reading.opportunities import REFERENCE_LIMIT as REFERENCE_LIMIT
from catalogue.imports.reading.opportunities import OpportunityPlan as OpportunityPlan
from catalogue.imports.reading.opportunities import known_references as known_references
from catalogue.imports.reading.opportunities import plan_opportunities as plan_opportunities
from catalogue.imports.reading.sessions import LONDON as LONDON
from catalogue.imports.reading.sessions import TIME as TIME
from catalogue.imports.reading.sessions import SessionPlan as SessionPlan
from catalogue.imports.reading.sessions import plan_sessions as plan_sessions
from catalogue.imports.reading.vocabulary import NO as NO
from catalogue.imports.reading.vocabulary import YES as YES
