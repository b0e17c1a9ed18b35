"""The catalogue's forms, by what they are about; every public name is here.

Opportunities and sessions have one set of forms for the pages and the API. Choices are codes
(``pedagogy``, ``aln``, ``local_authority:681``), so a page's checkboxes and an API client's JSON
say the same thing, and every message is in the user's language.
"""

from catalogue.forms.endorsement import PanelDecisionForm as PanelDecisionForm
from catalogue.forms.endorsement import ReviewForm as ReviewForm
from catalogue.forms.endorsement import SubmissionForm as SubmissionForm
from catalogue.forms.lead import DecisionForm as DecisionForm
from catalogue.forms.lead import StaffBookingForm as StaffBookingForm
from catalogue.forms.opportunity import Boxes as Boxes
from catalogue.forms.opportunity import ManageFilterForm as ManageFilterForm
from catalogue.forms.opportunity import OpportunityForm as OpportunityForm
from catalogue.forms.opportunity import OpportunityPageForm as OpportunityPageForm
from catalogue.forms.opportunity import element_choices as element_choices
from catalogue.forms.opportunity import organisation_key as organisation_key
from catalogue.forms.opportunity import standard_choices as standard_choices
from catalogue.forms.opportunity import validation_errors as validation_errors
from catalogue.forms.opportunity import with_linked_boxes as with_linked_boxes
from catalogue.forms.session import LONDON as LONDON
from catalogue.forms.session import DayMonthYear as DayMonthYear
from catalogue.forms.session import SessionCancelForm as SessionCancelForm
from catalogue.forms.session import SessionChangeForm as SessionChangeForm
from catalogue.forms.session import SessionDuplicateForm as SessionDuplicateForm
from catalogue.forms.session import SessionForm as SessionForm
from catalogue.forms.session import SessionPageForm as SessionPageForm
