"""The HTTP layer on stubbed responses: retries, error mapping, redirects, URLs, headers."""

from __future__ import annotations

import json
import platform
import re
import socket
import threading
import time

import pytest
import requests
import responses
from client_helpers import BASE, SleepRecorder, make_client

from stormpath import __version__
from stormpath.client import Client
from stormpath.error import Error, NetworkError
from stormpath.http import prepare_request

APP = f"{BASE}/applications/app1"
ERROR_BODY = {
    "status": 400,
    "code": 7100,
    "message": "Invalid username or password.",
    "developerMessage": "Login attempt failed because the specified password is incorrect.",
    "moreInfo": "http://docs.stormpath.com/errors/7100",
    "requestId": "req-123",
}


def get(client: Client, href: str = APP, **params: object) -> dict:
    return client.data_store.executor.request("GET", href, params=params or None).data


def test_get_retries_5xx_with_exponential_backoff(
    stub: responses.RequestsMock, stub_client: Client, sleeps: SleepRecorder
) -> None:
    stub.get(APP, status=503, json={"status": 503, "message": "busy"})
    stub.get(APP, status=500, body="oops")
    stub.get(APP, json={"href": APP, "name": "ok"})
    assert get(stub_client)["name"] == "ok"
    assert sleeps.calls == [0.5, 1.0]
    assert len(stub.calls) == 3
    # Each try is signed afresh (new nonce).
    auths = {call.request.headers["Authorization"] for call in stub.calls}
    assert len(auths) == 3


def test_retries_are_bounded_and_capped(sleeps: SleepRecorder) -> None:
    client = make_client(sleep=sleeps, backoff_cap=1.0)
    with responses.RequestsMock() as stub:
        stub.get(APP, status=502, json={"status": 502, "message": "bad gateway"})
        with pytest.raises(Error) as info:
            get(client)
        assert len(stub.calls) == 4
    assert sleeps.calls == [0.5, 1.0, 1.0]
    assert info.value.status == 502


def test_429_honours_retry_after_and_post_is_retried_only_on_429(
    stub: responses.RequestsMock, stub_client: Client, sleeps: SleepRecorder
) -> None:
    stub.post(
        APP, status=429, json={"status": 429, "message": "slow down"}, headers={"Retry-After": "3"}
    )
    stub.post(APP, json={"href": APP, "name": "x"})
    assert stub_client.data_store.executor.request("POST", APP, data={"name": "x"}).status == 200
    assert sleeps.calls == [3.0]


def test_post_is_not_retried_on_5xx(
    stub: responses.RequestsMock, stub_client: Client, sleeps: SleepRecorder
) -> None:
    stub.post(APP, status=500, json={"status": 500, "code": 500, "message": "boom"})
    with pytest.raises(Error) as info:
        stub_client.data_store.executor.request("POST", APP, data={"name": "x"})
    assert info.value.status == 500
    assert len(stub.calls) == 1
    assert sleeps.calls == []


def test_delete_is_retried(
    stub: responses.RequestsMock, stub_client: Client, sleeps: SleepRecorder
) -> None:
    stub.delete(APP, status=503, json={"status": 503, "message": "busy"})
    stub.delete(APP, status=204)
    stub_client.data_store.delete_resource(APP)
    assert sleeps.calls == [0.5]


def test_connection_errors_become_network_errors_naming_the_url(
    stub: responses.RequestsMock, stub_client: Client, sleeps: SleepRecorder
) -> None:
    stub.get(APP, body=requests.ConnectionError("refused"))
    with pytest.raises(NetworkError) as info:
        get(stub_client)
    assert info.value.status is None
    assert APP in info.value.message
    assert "could not reach" in info.value.message
    assert len(stub.calls) == 4
    assert sleeps.calls == [0.5, 1.0, 2.0]


def test_timeouts_are_network_errors_and_post_is_not_retried(
    stub: responses.RequestsMock, stub_client: Client, sleeps: SleepRecorder
) -> None:
    stub.post(APP, body=requests.ReadTimeout("slow"))
    with pytest.raises(NetworkError, match="timed out"):
        stub_client.data_store.executor.request("POST", APP, data={"a": 1})
    assert len(stub.calls) == 1
    assert sleeps.calls == []


def test_get_recovers_after_a_connection_error(
    stub: responses.RequestsMock, stub_client: Client
) -> None:
    stub.get(APP, body=requests.ConnectionError("reset"))
    stub.get(APP, json={"href": APP, "name": "back"})
    assert get(stub_client)["name"] == "back"


def test_error_body_maps_to_error_fields(stub: responses.RequestsMock, stub_client: Client) -> None:
    stub.post(f"{APP}/loginAttempts", status=400, json=ERROR_BODY)
    with pytest.raises(Error) as info:
        stub_client.data_store.create_resource(f"{APP}/loginAttempts", {"type": "basic"})
    err = info.value
    assert (err.status, err.code) == (400, 7100)
    assert err.message == ERROR_BODY["developerMessage"]
    assert err.developer_message == ERROR_BODY["developerMessage"]
    assert err.user_message == "Invalid username or password."
    assert err.more_info == "http://docs.stormpath.com/errors/7100"
    assert err.request_id == "req-123"
    assert str(err) == ERROR_BODY["developerMessage"]


def test_non_json_error_body_still_gives_a_clean_error(
    stub: responses.RequestsMock, stub_client: Client, sleeps: SleepRecorder
) -> None:
    html = "<html><body><h1>502 Bad Gateway</h1></body></html>"
    stub.post(
        APP,
        status=502,
        body=html,
        content_type="text/html",
        headers={"Stormpath-Request-Id": "rid-9"},
    )
    with pytest.raises(Error) as info:
        stub_client.data_store.executor.request("POST", APP, data={"a": 1})
    err = info.value
    assert (err.status, err.code, err.request_id) == (502, 502, "rid-9")
    assert "HTTP 502" in err.message and APP in err.message
    assert "<html>" not in err.message
    assert err.user_message == err.message


def test_non_json_success_body_is_an_error(
    stub: responses.RequestsMock, stub_client: Client
) -> None:
    stub.get(APP, body="plain text", content_type="text/plain")
    with pytest.raises(Error, match="not a JSON object"):
        get(stub_client)


def test_empty_success_body_is_an_empty_dict(
    stub: responses.RequestsMock, stub_client: Client
) -> None:
    stub.post(f"{APP}/verificationEmails", status=202)
    response = stub_client.data_store.create_resource(f"{APP}/verificationEmails", {"login": "a"})
    assert (response.status, response.data) == (202, {})


def test_redirect_is_reissued_as_a_freshly_signed_get(
    stub: responses.RequestsMock, stub_client: Client
) -> None:
    tenant = f"{BASE}/tenants/t1"
    stub.get(f"{BASE}/tenants/current", status=302, headers={"Location": tenant})
    stub.get(tenant, json={"href": tenant, "name": "T"})
    assert get(stub_client, f"{BASE}/tenants/current")["href"] == tenant
    first, second = (call.request for call in stub.calls)
    assert second.method == "GET" and second.url == tenant
    assert first.headers["Authorization"] != second.headers["Authorization"]
    assert second.headers["Authorization"].startswith("SAuthc1 sauthc1Id=KEYID/")


def test_redirect_keeps_the_query_when_location_has_none(
    stub: responses.RequestsMock, stub_client: Client
) -> None:
    tenant = f"{BASE}/tenants/t1"
    stub.get(f"{BASE}/tenants/current", status=302, headers={"Location": tenant})
    stub.get(tenant, json={"href": tenant})
    get(stub_client, f"{BASE}/tenants/current", expand="customData")
    assert stub.calls[1].request.url == f"{tenant}?expand=customData"


def test_redirect_outside_the_base_url_is_refused(
    stub: responses.RequestsMock, stub_client: Client
) -> None:
    stub.get(
        f"{BASE}/tenants/current", status=302, headers={"Location": "https://evil.example/v1/t"}
    )
    with pytest.raises(Error, match="outside the base URL"):
        get(stub_client, f"{BASE}/tenants/current")


def test_hrefs_outside_the_base_url_are_refused(stub_client: Client) -> None:
    with pytest.raises(ValueError, match="not under the client's base URL"):
        get(stub_client, "https://api.stormpath.com.evil.example/v1/accounts/x")
    with pytest.raises(ValueError):
        get(stub_client, "http://api.stormpath.com/v1/accounts/x")


def test_query_sorted_by_name_relative_hrefs_and_booleans(
    stub: responses.RequestsMock, stub_client: Client
) -> None:
    stub.get(re.compile(rf"{re.escape(BASE)}/applications.*"), json={"href": "x", "items": []})
    get(
        stub_client,
        "/applications?q=a b",
        orderBy="name asc",
        limit=5,
        createDirectory=True,
        expand=["accounts", "groups"],
    )
    assert stub.calls[0].request.url == (
        f"{BASE}/applications?createDirectory=true&expand=accounts%2Cgroups&limit=5"
        "&orderBy=name+asc&q=a+b"
    )


def test_headers_user_agent_and_json_body(
    stub: responses.RequestsMock, stub_client: Client
) -> None:
    stub.post(APP, json={"href": APP})
    stub_client.data_store.executor.request("POST", APP, data={"name": "é"})
    request = stub.calls[0].request
    assert request.headers["Accept"] == "application/json"
    assert request.headers["Content-Type"] == "application/json"
    assert json.loads(request.body) == {"name": "é"}
    agent = request.headers["User-Agent"]
    assert agent == (
        f"stormpath-sdk-python/{__version__} python/{platform.python_version()} "
        f"{platform.system()}/{platform.release()}"
    )
    signed = request.headers["Authorization"].split("sauthc1SignedHeaders=")[1].split(",")[0]
    assert signed == "accept;accept-encoding;content-type;host;user-agent;x-stormpath-date"


def test_user_agent_prefix_and_basic_scheme(stub: responses.RequestsMock) -> None:
    client = make_client(user_agent="stormpath-flask/1.0 flask/3.0", scheme="Basic")
    stub.get(APP, json={"href": APP})
    get(client)
    headers = stub.calls[0].request.headers
    assert headers["User-Agent"].startswith("stormpath-flask/1.0 flask/3.0 stormpath-sdk-python/")
    assert headers["Authorization"].startswith("Basic ")


def test_timeout_is_passed_to_requests(monkeypatch: pytest.MonkeyPatch) -> None:
    client = make_client(timeout=2.5)
    seen: dict[str, object] = {}

    def fake_send(prepared: requests.PreparedRequest, **kwargs: object) -> requests.Response:
        seen.update(kwargs)
        response = requests.Response()
        response.status_code = 200
        response._content = b'{"href": "x"}'
        return response

    monkeypatch.setattr(client.data_store.executor.session, "send", fake_send)
    get(client)
    assert seen["timeout"] == 2.5
    assert seen["allow_redirects"] is False


@responses.activate
def test_the_session_is_made_on_the_first_request_only(monkeypatch: pytest.MonkeyPatch) -> None:
    made: list[requests.Session] = []

    class CountedSession(requests.Session):
        def __init__(self) -> None:
            super().__init__()
            made.append(self)

    monkeypatch.setattr(requests, "Session", CountedSession)
    client = make_client(proxies={"https": "http://proxy.invalid:3128"}, cache_options=None)
    client.data_store.remember({"href": APP, "name": "cached"})
    assert client.applications.get(APP).name == "cached"
    assert made == []  # answered from the cache: no session, no connection pools
    responses.add(responses.GET, f"{APP}/accounts", json={"items": [], "size": 0})
    get(client, f"{APP}/accounts")
    get(client, f"{APP}/accounts")
    assert len(made) == 1
    assert made[0].proxies["https"] == "http://proxy.invalid:3128"
    assert made[0].headers["Accept"] == "application/json"


def _sessions_seen_at_once(executor: object, threads: int) -> set[int]:
    """The sessions `threads` threads get when they all ask `executor` at the same moment."""
    barrier = threading.Barrier(threads)
    seen: list[requests.Session] = []

    def first_use() -> None:
        barrier.wait()
        seen.append(executor.session)  # type: ignore[attr-defined]

    workers = [threading.Thread(target=first_use) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    return {id(session) for session in seen}


def test_threads_making_the_first_requests_share_one_session(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    class SlowSession(requests.Session):
        def __init__(self) -> None:
            time.sleep(0.02)  # every thread arrives while the first session is being made
            super().__init__()

    monkeypatch.setattr(requests, "Session", SlowSession)
    assert len(_sessions_seen_at_once(make_client().data_store.executor, 4)) == 1


def test_an_assigned_session_is_used_as_it_is() -> None:
    executor = make_client().data_store.executor
    mine = requests.Session()
    executor.session = mine
    assert executor.session is mine


def test_proxies_are_used_by_the_session() -> None:
    client = make_client(proxies={"https": "http://proxy.invalid:3128"})
    assert client.data_store.executor.session.proxies["https"] == "http://proxy.invalid:3128"


def _sent_with(client: Client, monkeypatch: pytest.MonkeyPatch) -> dict[str, object]:
    """The keyword arguments (proxies, verify, ...) the transport adapter is called with."""
    session = client.data_store.executor.session
    adapter = session.get_adapter(BASE)
    seen: dict[str, object] = {}

    def fake_send(prepared: requests.PreparedRequest, **kwargs: object) -> requests.Response:
        seen.update(kwargs, authorization=prepared.headers.get("Authorization"))
        response = requests.Response()
        response.status_code = 200
        response._content = b'{"href": "x"}'
        return response

    monkeypatch.setattr(adapter, "send", fake_send)
    get(client)
    return seen


def _clear_proxy_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("http_proxy", "https_proxy", "all_proxy", "no_proxy"):
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.upper(), raising=False)
    monkeypatch.delenv("REQUESTS_CA_BUNDLE", raising=False)
    monkeypatch.delenv("CURL_CA_BUNDLE", raising=False)


def test_environment_proxy_present_at_construction_is_used(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _clear_proxy_environment(monkeypatch)
    monkeypatch.setenv("HTTPS_PROXY", "http://envproxy.invalid:8080")
    client = make_client()
    seen = _sent_with(client, monkeypatch)
    assert seen["proxies"] == {"https": "http://envproxy.invalid:8080"}
    # The request is still signed with the API key, not netrc credentials.
    assert str(seen["authorization"]).startswith("SAuthc1 ")


def test_no_proxy_in_the_environment_bypasses_the_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    _clear_proxy_environment(monkeypatch)
    monkeypatch.setenv("HTTPS_PROXY", "http://envproxy.invalid:8080")
    monkeypatch.setenv("NO_PROXY", "api.stormpath.com")
    seen = _sent_with(make_client(), monkeypatch)
    assert seen["proxies"] == {}


def test_explicit_proxies_win_over_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    _clear_proxy_environment(monkeypatch)
    monkeypatch.setenv("HTTPS_PROXY", "http://envproxy.invalid:8080")
    client = make_client(proxies={"https": "http://mine.invalid:3128"})
    seen = _sent_with(client, monkeypatch)
    assert seen["proxies"] == {"https": "http://mine.invalid:3128"}


def test_ca_bundle_from_the_environment_is_used(monkeypatch: pytest.MonkeyPatch) -> None:
    _clear_proxy_environment(monkeypatch)
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", "/etc/ssl/custom-bundle.pem")
    seen = _sent_with(make_client(), monkeypatch)
    assert seen["verify"] == "/etc/ssl/custom-bundle.pem"
    assert seen["proxies"] == {}


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_real_connection_refused_on_loopback(sleeps: SleepRecorder) -> None:
    base = f"http://127.0.0.1:{_closed_port()}/v1"
    client = make_client(base_url=base, sleep=sleeps, max_tries=2)
    with pytest.raises(NetworkError) as info:
        _ = client.accounts.get(f"{base}/accounts/x").email
    assert f"{base}/accounts/x" in info.value.message
    assert info.value.status is None and info.value.code is None
    assert sleeps.calls == [0.5]


def test_real_read_timeout_on_loopback(sleeps: SleepRecorder) -> None:
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen(8)  # accepts connections (backlog) but never answers
        base = f"http://127.0.0.1:{server.getsockname()[1]}/v1"
        client = make_client(base_url=base, sleep=sleeps, timeout=0.05)
        with pytest.raises(NetworkError, match="timed out"):
            client.data_store.executor.request("POST", f"{base}/applications", data={"n": 1})
    assert sleeps.calls == []


def test_post_is_retried_when_the_connection_never_opened(
    stub: responses.RequestsMock, stub_client: Client, sleeps: SleepRecorder
) -> None:
    stub.post(APP, body=requests.ConnectTimeout("no route"))
    stub.post(APP, json={"href": APP})
    assert stub_client.data_store.executor.request("POST", APP, data={"a": 1}).data == {"href": APP}
    assert sleeps.calls == [0.5]


PREPARED_URLS = [
    f"{APP}/accounts",
    f"{APP}/accounts?expand=customData&limit=25&q=a%20b",
    "https://api.stormpath.com",
    "https://API.stormpath.com:443/v1/a/../b c/%7Euser/%41?x=é&y=1+2#frag",
    "https://user:p%40ss@api.stormpath.com/v1/tenants/current",
    "https://bücher.example/v1/é",
    "http://127.0.0.1:8080/v1/x?",
]


def _session_variants() -> list[requests.Session]:
    plain = requests.Session()
    with_params = requests.Session()
    with_params.params = {"extra": "1 2"}
    with_auth = requests.Session()
    with_auth.auth = ("id", "secret")
    with_cookie = requests.Session()
    with_cookie.cookies.set("sid", "abc", domain="api.stormpath.com", path="/")
    with_hook = requests.Session()
    with_hook.hooks["response"].append(lambda response, **kwargs: response)
    return [plain, with_params, with_auth, with_cookie, with_hook]


@pytest.mark.parametrize("url", PREPARED_URLS)
@pytest.mark.parametrize("body", [None, b'{"a":1}'])
def test_prepare_request_matches_requests_own_preparation(url: str, body: bytes | None) -> None:
    headers = {"Accept": "application/json", "User-Agent": "ua"}
    for session in _session_variants():
        for _ in range(2):  # the second time the URL's preparation is remembered
            ours = prepare_request(session, "post", url, headers, body)
            theirs = requests.PreparedRequest()
            theirs.prepare(
                method="post",
                url=url,
                headers=headers,
                data=body,
                params=session.params or None,
                auth=session.auth,
                cookies=session.cookies,
                hooks=session.hooks,
            )
            assert ours.__dict__.keys() == theirs.__dict__.keys()
            for name, value in theirs.__dict__.items():
                if name == "headers":
                    assert list(ours.headers.items()) == list(value.items())
                else:
                    assert getattr(ours, name) == value, name


@pytest.mark.parametrize(
    ("url", "error"),
    [
        ("api.stormpath.com/v1", requests.exceptions.MissingSchema),
        ("https:///v1", requests.exceptions.InvalidURL),
        ("https://*.example/v1", requests.exceptions.InvalidURL),
    ],
)
def test_prepare_request_raises_requests_errors_every_time(url: str, error: type) -> None:
    for _ in range(2):
        with pytest.raises(error):
            prepare_request(requests.Session(), "GET", url, {}, None)


def test_prepare_request_refuses_invalid_headers_every_time() -> None:
    for _ in range(2):
        with pytest.raises(requests.exceptions.InvalidHeader):
            prepare_request(requests.Session(), "GET", APP, {"User-Agent": "bad\nvalue"}, None)


def test_prepare_request_sends_the_cookies_of_a_jar_filled_later() -> None:
    session = requests.Session()
    assert "Cookie" not in prepare_request(session, "GET", APP, {}, None).headers
    session.cookies.set("sid", "abc", domain="api.stormpath.com", path="/")
    assert prepare_request(session, "GET", APP, {}, None).headers["Cookie"] == "sid=abc"


def test_a_changed_proxy_environment_is_seen_by_the_next_client(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The environment's proxy resolution is cached per snapshot of the variables it reads.
    _clear_proxy_environment(monkeypatch)
    assert _sent_with(make_client(), monkeypatch)["proxies"] == {}
    monkeypatch.setenv("https_proxy", "http://later.invalid:8080")
    assert _sent_with(make_client(), monkeypatch)["proxies"] == {
        "https": "http://later.invalid:8080"
    }
    monkeypatch.delenv("https_proxy")
    assert _sent_with(make_client(), monkeypatch)["proxies"] == {}
