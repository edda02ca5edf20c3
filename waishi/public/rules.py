import rules

from waishi.core.permissions import is_administrator, is_office

# The office writes the public site's texts; the administrator may help.
rules.add_perm("public.view_pagetext", is_office | is_administrator)
rules.add_perm("public.change_pagetext", is_office | is_administrator)
