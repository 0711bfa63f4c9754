"""Row 3: create an account and log in with it, ours against moto's Cognito user pools.

Ours: our client on the in-process emulator (``accounts.create`` then ``authenticate_account``).
Peer: boto3 on moto's ``mock_aws`` (``sign_up``, ``admin_confirm_sign_up``, ``initiate_auth``
with USER_PASSWORD_AUTH on a user pool client without a secret). Both mocks are active for the
whole run (boto3 does not go through ``requests``, so they do not see each other's calls) and
the two loops are interleaved batch by batch.
"""

from __future__ import annotations

import itertools
import statistics
from collections.abc import Callable

from common import PASSWORD, Row, make_row, missing_row, paired_ratio, side_by_side

from stormpath.client import Client
from stormpath_fake import FakeStormpath

KEY = "vs_moto"
NAME = "create account + log in, vs moto Cognito (ms per user)"
TARGET = (">=", 5.0)
REGION = "us-east-1"


def ours_step(fake: FakeStormpath) -> Callable[[], None]:
    """One new account in "My Application", then a login with it, through our client."""
    client = Client(id=fake.api_key_id, secret=fake.api_key_secret, base_url=fake.base_url)
    application = client.applications.get(fake.application_href)
    numbers = itertools.count()

    def step() -> None:
        email = f"ours{next(numbers)}@example.com"
        account = application.accounts.create(
            {"email": email, "password": PASSWORD, "given_name": "Bench", "surname": "User"}
        )
        result = application.authenticate_account(email, PASSWORD)
        if result.account.href != account.href:
            raise RuntimeError("our login returned another account")

    return step


def moto_step() -> Callable[[], None]:
    """One sign-up, its confirmation and a USER_PASSWORD_AUTH login on moto's Cognito.

    Call it inside ``mock_aws``.
    """
    import boto3

    idp = boto3.client("cognito-idp", region_name=REGION)
    pool_id = idp.create_user_pool(PoolName="bench")["UserPool"]["Id"]
    client_id = idp.create_user_pool_client(
        UserPoolId=pool_id,
        ClientName="bench",
        GenerateSecret=False,
        ExplicitAuthFlows=["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
    )["UserPoolClient"]["ClientId"]
    numbers = itertools.count()

    def step() -> None:
        email = f"moto{next(numbers)}@example.com"
        idp.sign_up(
            ClientId=client_id,
            Username=email,
            Password=PASSWORD,
            UserAttributes=[{"Name": "email", "Value": email}],
        )
        idp.admin_confirm_sign_up(UserPoolId=pool_id, Username=email)
        answer = idp.initiate_auth(
            ClientId=client_id,
            AuthFlow="USER_PASSWORD_AUTH",
            AuthParameters={"USERNAME": email, "PASSWORD": PASSWORD},
        )
        if "AccessToken" not in answer["AuthenticationResult"]:
            raise RuntimeError("moto's login returned no token")

    return step


def run(quick: bool) -> list[Row]:
    """1,000 users each (quick: 20), in interleaved batches; one row."""
    try:
        from moto import mock_aws
    except ImportError as error:
        return [missing_row(KEY, NAME, f"moto/boto3 not installed ({error.name})", TARGET)]
    rounds, batch = (2, 10) if quick else (20, 50)
    # moto first: the emulator's `responses` patch must sit on top (see stormpath_fake.core).
    with mock_aws(), FakeStormpath() as fake:
        contenders = {"ours": ours_step(fake), "moto": moto_step()}
        for step in contenders.values():
            step()  # first calls pay one-off imports and set-up; keep them out of the timing
        timings = side_by_side(contenders, rounds, batch)
    speedup = paired_ratio(timings["moto"], timings["ours"])
    return [
        make_row(
            KEY,
            NAME,
            "ms/user",
            round(statistics.median(timings["ours"]) * 1000, 3),
            round(statistics.median(timings["moto"]) * 1000, 3),
            ratio=round(speedup, 2),
            target=TARGET,
            note=f"{rounds * batch} users each, {rounds} interleaved batches; ratio = moto/ours",
        )
    ]
