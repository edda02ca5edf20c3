"""Who may do what with programs. The office records and changes them; every reader of the
office's registers reads them; a unit's liaison and head read their own college's programs
(rows from `queries.programs_for_user`)."""

import rules

from waishi.core.permissions import acts_for_unit, is_office, reads_everything

rules.add_perm("programs.view_program", reads_everything | acts_for_unit)
rules.add_perm("programs.export_program", reads_everything | acts_for_unit)
rules.add_perm("programs.add_program", is_office)
rules.add_perm("programs.change_program", is_office)
rules.add_perm("programs.end_program", is_office)
rules.add_perm("programs.change_cohort", is_office)
