from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any

from django import forms
from django.contrib.auth.forms import PasswordResetForm
from django.core.exceptions import ValidationError
from django.db.models import Model
from django.forms.models import ModelChoiceIterator, ModelChoiceIteratorValue
from django.utils.translation import gettext_lazy as _

from waishi.core import policy, services
from waishi.core.enums import Role
from waishi.core.models import Unit, User
from waishi.core.names import shown_name_order
from waishi.core.widgets import QuickSelect, QuickSelectMultiple


class ShownNameChoiceIterator(ModelChoiceIterator):
    """A model field's choices (countries, units) in the order of the name shown now: pinyin
    order on Chinese pages, A to Z on English ones, sorted by the database on the rows' stored
    sort keys."""

    def __iter__(self) -> Iterator[tuple[ModelChoiceIteratorValue | str, str]]:
        if self.queryset is not None:
            self.queryset = self.queryset.order_by(*shown_name_order())
        yield from super().__iter__()


class ShownNameChoiceField(forms.ModelChoiceField[Model]):
    """Choices (countries, units...) sorted by the name shown."""

    iterator = ShownNameChoiceIterator
    widget = QuickSelect


class ShownNameMultipleChoiceField(forms.ModelMultipleChoiceField[Model]):
    iterator = ShownNameChoiceIterator
    widget = QuickSelectMultiple


def choice_labels(field: forms.Field, label: Callable[[Any], str]) -> None:
    """Show the rows a model field chooses among as `label(row)`."""
    if not isinstance(field, forms.ModelChoiceField):
        raise TypeError(f"{field!r} does not choose among model rows")
    field.label_from_instance = label  # type: ignore[method-assign,assignment]  # as Django documents


def model_choice(form: forms.BaseForm, name: str) -> forms.ModelChoiceField[Any]:
    """The form's field `name`, which chooses among model rows (a form types its fields as
    plain fields; this one has a queryset)."""
    field = form.fields[name]
    if not isinstance(field, forms.ModelChoiceField):
        raise TypeError(f"{name} does not choose among model rows")
    return field


class ProfileForm(forms.ModelForm[User]):
    class Meta:
        model = User
        fields = ["full_name", "email", "language"]


class UnitForm(forms.ModelForm[Unit]):
    class Meta:
        model = Unit
        fields = ["name_zh", "name_en", "code", "kind", "duty", "parent", "is_active"]
        field_classes = {"parent": ShownNameChoiceField}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        parents = Unit.objects.filter(is_active=True)
        if self.instance.pk:
            parents = parents.exclude(pk=self.instance.pk)
        model_choice(self, "parent").queryset = parents
        self.fields["code"].required = False

    def clean_code(self) -> str | None:
        code: str = self.cleaned_data["code"]
        return code or None

    def clean_parent(self) -> Unit | None:
        parent: Unit | None = self.cleaned_data["parent"]
        node = parent
        while node is not None:
            if self.instance.pk and node.pk == self.instance.pk:
                raise forms.ValidationError(
                    _("A unit cannot be placed beneath itself or one of its own units.")
                )
            node = node.parent
        return parent


class AccountForm(forms.ModelForm[User]):
    roles = forms.MultipleChoiceField(
        label=_("Roles"),
        choices=Role.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    units = ShownNameMultipleChoiceField(
        label=_("Units"),
        queryset=Unit.objects.filter(is_active=True),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Liaisons and heads see what concerns these units and those beneath them."),
    )

    class Meta:
        model = User
        fields = ["username", "full_name", "email", "language", "is_active"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["email"].required = True
        if self.instance.pk:
            self.initial["roles"] = list(self.instance.groups.values_list("name", flat=True))
            self.initial["units"] = list(self.instance.units.all())


def apply_service_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """Show a service's ValidationError on the form that called it: under the field it names
    when the form has that field, above the form otherwise. Services validate; views show."""
    if hasattr(error, "error_dict"):
        for name, errors in error.message_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


def stripped_values(values: dict[str, Any], fields: Iterable[str]) -> dict[str, Any]:
    """The entries of `values` named in `fields`, text stripped of surrounding spaces: what a
    service accepts from a form, the API or an import alike."""
    wanted = set(fields)
    return {
        key: value.strip() if isinstance(value, str) else value
        for key, value in values.items()
        if key in wanted
    }


class OfficeRuleForm(forms.Form):
    """The value of one office rule, with the field its type needs; the rule itself checks
    the value again when it is stored (`services.policy_set`)."""

    def __init__(self, *args: Any, rule: policy.AnyRule, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.rule = rule
        field: forms.Field
        if isinstance(rule, policy.YesNo):
            field = forms.BooleanField(required=False, initial=rule.value())
        elif isinstance(rule, policy.Number):
            field = forms.IntegerField(
                min_value=rule.minimum, max_value=rule.maximum, initial=rule.value()
            )
        elif isinstance(rule, policy.WordList):
            field = forms.CharField(
                required=False,
                max_length=300,
                initial=rule.dump(rule.value()),
                help_text=_("Words separated by commas."),
            )
        else:
            field = forms.CharField(
                required=False,
                max_length=300,
                initial=rule.dump(rule.value()),
                help_text=_("Numbers of days separated by commas, e.g. 180,90,30."),
            )
        # The form is made per request, in its language.
        field.label = str(rule.label)
        if rule.help_text:
            field.help_text = str(rule.help_text)
        self.fields["value"] = field

    def raw_value(self) -> str:
        """The cleaned value as text for the store."""
        value = self.cleaned_data["value"]
        if isinstance(value, bool):
            return "1" if value else "0"
        return str(value)


class PasswordLinkForm(PasswordResetForm):
    """ "Forgot your password?": every active account with the address gets a one-time link,
    an invitation-style one when it has no password yet. The page that follows says the same
    whether or not an account has the address."""

    def get_users(self, email: str) -> Iterable[User]:
        return User.objects.filter(email__iexact=email.strip(), is_active=True)

    def save(self, **kwargs: Any) -> None:  # type: ignore[override]
        for user in self.get_users(self.cleaned_data["email"]):
            services.user_password_link_send(user)
