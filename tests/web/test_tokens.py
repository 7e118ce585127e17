"""API tokens of a workspace (rounds/tokens.py): a token acts as its account; only its hash is
kept; a wrong, revoked or orphaned token is refused."""

from __future__ import annotations

from uprreport.rounds import accounts, tokens


def test_a_token_acts_as_its_account_until_revoked(tmp_path):
    accounts.workspace_add(tmp_path, "justice-fp", "a long password 1", "focal-point", project="arcadia", body="justice")
    record, token = tokens.create(tmp_path, "justice-fp", "the ministry's tracker")
    user, ident = tokens.check(tmp_path, token)
    assert (user.name, user.role, user.owns, user.project) == ("justice-fp", "focal-point", "justice", "arcadia")
    assert ident == record.id and token.startswith(f"upr_{record.id}_")
    assert tokens.check(tmp_path, token[:-1] + ("A" if token[-1] != "A" else "B")) is None   # a wrong secret
    assert tokens.check(tmp_path, "upr_nonsense") is None and tokens.check(tmp_path, "") is None
    conn = accounts.workspace(tmp_path, create=False)
    try:
        kept = conn.execute("SELECT hash FROM tokens").fetchone()["hash"]
    finally:
        conn.close()
    assert token.split("_")[-1] not in kept and len(kept) == 64        # the secret itself is never kept
    assert [t.label for t in tokens.listing(tmp_path)] == ["the ministry's tracker"]
    assert tokens.listing(tmp_path)[0].used                               # its use was recorded
    assert tokens.revoke(tmp_path, record.id) and tokens.check(tmp_path, token) is None
    assert not tokens.revoke(tmp_path, record.id)


def test_removing_the_account_ends_its_tokens(tmp_path):
    accounts.workspace_add(tmp_path, "coord", "a long password 1", "coordinator")
    _, token = tokens.create(tmp_path, "coord")
    accounts.workspace_remove(tmp_path, "coord")
    assert tokens.check(tmp_path, token) is None and tokens.listing(tmp_path) == []


def test_a_token_for_no_account_is_refused(tmp_path):
    import pytest

    from uprreport.errors import UsageError

    accounts.workspace_add(tmp_path, "coord", "a long password 1", "coordinator")
    with pytest.raises(UsageError, match="no account 'nobody'"):
        tokens.create(tmp_path, "nobody")
