"""Old keyword names of relnet 0.1 keep working for one release, with a FutureWarning."""

import pandas as pd
import pytest

import relnet as rn
from relnet.errors import ArgumentError


@pytest.fixture
def teams():
    people = pd.DataFrame({"team": ["a", "a", "b", "b"]}, index=[1, 2, 3, 4])
    return rn.Network.from_edges([1, 2, 1, 3], [2, 1, 3, 4], nodes=people)


@pytest.mark.parametrize(
    "call",
    [
        lambda g, **kw: rn.ei_index(g, **kw).network,
        lambda g, **kw: rn.block_density(g, **kw),
        lambda g, **kw: rn.assortativity(g, **kw),
        lambda g, **kw: rn.brokerage(g, **kw).network,
    ],
)
def test_attr_is_the_old_name_of_by(teams, call):
    new = call(teams, by="team")
    with pytest.warns(FutureWarning, match="renamed by="):
        old = call(teams, attr="team")
    assert repr(new) == repr(old)  # same result through either name
    with pytest.raises(ArgumentError, match="both attr= and by="):
        call(teams, attr="team", by="team")


def test_group_is_the_old_name_of_by_in_associate_and_score_scale():
    answers = pd.DataFrame({"q1": [1, 2, 4, 5], "team": ["a", "a", "b", "b"]})
    with pytest.warns(FutureWarning):
        old = rn.score_scale(answers, ["q1"], scale_max=5, group="team")
    new = rn.score_scale(answers, ["q1"], scale_max=5, by="team")
    pd.testing.assert_frame_equal(old.groups, new.groups)
