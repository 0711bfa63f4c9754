"""Email templates through the directory's policies: the emailed link follows linkBaseUrl."""

from __future__ import annotations

import json
from typing import Any

import pytest
import responses
from client_helpers import BASE, enable_email_verification, new_account

from stormpath.client import Client
from stormpath.error import Error
from stormpath.resources import DefaultModel, EmailTemplate, EmailTemplateList

TEMPLATE = f"{BASE}/emailTemplates/t1"
LISTS = {
    "password_policy": ("reset_email_templates", "reset_success_email_templates"),
    "account_creation_policy": (
        "verification_email_templates",
        "verification_success_email_templates",
        "welcome_email_templates",
    ),
}


def test_every_workflow_has_its_template_list(directory: Any) -> None:
    subjects = set()
    for policy_name, list_names in LISTS.items():
        policy = getattr(directory, policy_name)
        for name in list_names:
            templates = getattr(policy, name)
            assert isinstance(templates, EmailTemplateList)
            assert templates.href == f"{policy.href}/{templates.href.rsplit('/', 1)[-1]}"
            (template,) = list(templates)
            assert isinstance(template, EmailTemplate)
            assert template.href.startswith(f"{BASE}/emailTemplates/")
            assert template.mime_type in (
                EmailTemplate.MIME_TYPE_PLAIN_TEXT,
                EmailTemplate.MIME_TYPE_HTML,
                EmailTemplate.MIME_TYPE_MULTIPART,
            )
            assert template.from_email_address and template.from_name and template.text_body
            subjects.add(template.subject)
    assert len(subjects) == 5  # five different mails
    reset = directory.password_policy.reset_email_templates[0]
    assert reset.default_model["linkBaseUrl"].startswith("http")


def test_reset_link_follows_the_new_base_url(
    application: Any, directory: Any, fake: Any, client: Client
) -> None:
    template = directory.password_policy.reset_email_templates[0]
    template.default_model["linkBaseUrl"] = "https://app.example/forgot/change"
    fake.clear_requests()
    template.save()
    fake.assert_called("POST", "/emailTemplates/*", times=1)
    account = new_account(directory)
    application.send_password_reset_email(account.email)
    mail = fake.outbox[-1]
    assert mail.kind == "password_reset" and mail.to == account.email
    assert mail.link == f"https://app.example/forgot/change?sptoken={mail.token}"
    again = EmailTemplate(client, href=template.href)
    assert again.default_model == {"linkBaseUrl": "https://app.example/forgot/change"}


def test_verification_link_subject_and_sender(application: Any, directory: Any, fake: Any) -> None:
    policy = enable_email_verification(directory)
    template = policy.verification_email_templates[0]
    template.default_model = {"linkBaseUrl": "https://app.example/verify"}
    template.subject = "Please confirm"
    template.from_name = "Example App"
    template.save()
    assert (template.subject, template.from_name) == ("Please confirm", "Example App")
    account = new_account(application)
    mail = fake.outbox[-1]
    assert (mail.kind, mail.to, mail.subject) == (
        "email_verification",
        account.email,
        "Please confirm",
    )
    assert mail.link == f"https://app.example/verify?sptoken={mail.token}"
    assert mail.token == account.email_verification_token.token


def test_reading_the_model_is_not_a_change(directory: Any, fake: Any) -> None:
    template = directory.password_policy.reset_email_templates[0]
    model = template.default_model
    assert model is template.default_model  # one object: edits through any reference add up
    fake.clear_requests()
    template.save()
    assert fake.count_calls() == 0


def test_a_bad_link_base_is_refused(directory: Any) -> None:
    template = directory.password_policy.reset_email_templates[0]
    template.default_model["linkBaseUrl"] = "javascript:alert(1)"
    with pytest.raises(Error) as info:
        template.save()
    assert info.value.status == 400
    template.refresh()
    assert template.default_model["linkBaseUrl"].startswith("http")


def template_json(**overrides: Any) -> dict[str, Any]:
    data = {
        "href": TEMPLATE,
        "fromEmailAddress": "me@example.com",
        "fromName": "Me",
        "subject": "Reset",
        "textBody": "${url}",
        "htmlBody": "<a href='${url}'>reset</a>",
        "mimeType": "text/plain",
        "defaultModel": {"linkBaseUrl": "https://old.example/reset"},
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize(
    "edit",
    [
        pytest.param(lambda m: m.__setitem__("linkBaseUrl", "https://n.example"), id="setitem"),
        pytest.param(lambda m: m.update(linkBaseUrl="https://n.example"), id="update"),
        pytest.param(lambda m: m.__ior__({"linkBaseUrl": "https://n.example"}), id="ior"),
        pytest.param(lambda m: m.setdefault("extra_key", 1), id="setdefault"),
        pytest.param(lambda m: m.pop("linkBaseUrl"), id="pop"),
        pytest.param(lambda m: m.__delitem__("linkBaseUrl"), id="delitem"),
        pytest.param(lambda m: m.popitem(), id="popitem"),
        pytest.param(lambda m: m.clear(), id="clear"),
    ],
)
def test_every_model_edit_is_saved_verbatim(
    stub: responses.RequestsMock, stub_client: Client, edit: Any
) -> None:
    stub.get(TEMPLATE, json=template_json())
    stub.post(TEMPLATE, json=template_json(defaultModel={"linkBaseUrl": "https://s.example"}))
    template = EmailTemplate(stub_client, href=TEMPLATE)
    model = template.default_model
    assert isinstance(model, DefaultModel)
    edit(model)
    expected = dict(model)
    template.save()
    assert json.loads(stub.calls[1].request.body) == {"defaultModel": expected}
    # The saved answer is what the template holds now.
    assert template.default_model == {"linkBaseUrl": "https://s.example"}
    assert template.default_model is not model


def test_model_keys_and_other_fields_are_sent_as_given(
    stub: responses.RequestsMock, stub_client: Client
) -> None:
    stub.post(TEMPLATE, json=template_json())
    template = EmailTemplate(stub_client, href=TEMPLATE)
    template.default_model = {"linkBaseUrl": "https://n.example", "my_key": {"inner_key": 1}}
    template.default_model["second_key"] = 2
    template.mime_type = EmailTemplate.MIME_TYPE_HTML
    template.html_body = "<p>${url}</p>"
    template.save()
    assert json.loads(stub.calls[0].request.body) == {
        "defaultModel": {
            "linkBaseUrl": "https://n.example",
            "my_key": {"inner_key": 1},
            "second_key": 2,
        },
        "mimeType": "text/html",
        "htmlBody": "<p>${url}</p>",
    }
    with pytest.raises(AttributeError, match="read-only"):
        template.created_at = "x"
