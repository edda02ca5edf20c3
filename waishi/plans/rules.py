"""Who may do what with cooperation plans: the office records them; readers of the office's
registers and unit liaisons and heads read them (see `queries.plans_for_user`)."""

import rules

from waishi.core.permissions import acts_for_unit, is_office, reads_everything

rules.add_perm("plans.view_plan", reads_everything | acts_for_unit)
rules.add_perm("plans.add_plan", is_office)
rules.add_perm("plans.change_plan", is_office)
rules.add_perm("plans.end_plan", is_office)
rules.add_perm("plans.change_member", is_office)
rules.add_perm("plans.change_activity", is_office)
