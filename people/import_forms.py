"""The upload form shared by the schools and staff imports (GOV.UK file upload pattern)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from people import imports


class ImportFileForm(forms.Form):
    file = forms.FileField(
        label=_("Upload a CSV file"),
        help_text=_("The file must be a CSV, smaller than 5 MB."),
        widget=forms.FileInput(attrs={"accept": ".csv,text/csv"}),
        error_messages={
            "required": _("Select a CSV file"),
            "empty": _("The selected file is empty"),
            "invalid": _("Select a CSV file"),
            "missing": _("Select a CSV file"),
        },
    )

    def clean_file(self) -> bytes:
        """The file's bytes: checked for size and type here, for content by ``imports``."""
        upload = self.cleaned_data["file"]
        if upload.size > imports.MAX_FILE_BYTES:
            raise forms.ValidationError(_("The selected file must be smaller than 5 MB"))
        if not upload.name.lower().endswith((".csv", ".txt")):
            raise forms.ValidationError(_("The selected file must be a CSV"))
        return upload.read()

    @classmethod
    def with_error(cls, message: str) -> ImportFileForm:
        """An empty form showing ``message`` on the file field (when a confirm fails)."""
        form = cls(data={})
        form.full_clean()
        form.errors["file"] = form.error_class([message])
        return form
