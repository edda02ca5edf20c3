"""Who may do what with Confucius Institutes. The office records and changes them; every
reader of the office's registers reads them; a unit's liaison and head read the institutes
their college runs (rows from `queries.institutes_for_user`)."""

import rules

from waishi.core.permissions import acts_for_unit, is_office, reads_everything

rules.add_perm("confucius.view_institute", reads_everything | acts_for_unit)
rules.add_perm("confucius.export_institute", reads_everything | acts_for_unit)
rules.add_perm("confucius.add_institute", is_office)
rules.add_perm("confucius.change_institute", is_office)
rules.add_perm("confucius.close_institute", is_office)
rules.add_perm("confucius.change_dispatch", is_office)
rules.add_perm("confucius.change_figures", is_office)
