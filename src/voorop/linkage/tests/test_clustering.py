from voorop.linkage.clustering import FactColumns, RecordFacts, cluster, facts_conflict


def test_household_members_and_twins_never_merge():
    assert facts_conflict(
        RecordFacts(given1="sem", dob="2015-04-09"), RecordFacts(given1="ties", dob="2015-04-09")
    )
    assert facts_conflict(
        RecordFacts(given1="jan", dob="1980-05-03"), RecordFacts(given1="jan", dob="2008-11-21")
    )
    assert facts_conflict(RecordFacts(sex="M"), RecordFacts(sex="V"))
    assert facts_conflict(RecordFacts(bsn="111222333"), RecordFacts(bsn="123456782"))
    assert facts_conflict(RecordFacts(source="M1"), RecordFacts(source="M1"))
    assert not facts_conflict(RecordFacts(given1="jolanda"), RecordFacts(given1="jolnada"))
    assert not facts_conflict(RecordFacts(dob="1980-05-03"), RecordFacts(dob="1980-03-05"))
    assert not facts_conflict(RecordFacts(dob="1980-05-03"), RecordFacts(dob="1990-05-03"))


def test_chain_through_initials_cannot_join_two_first_names():
    facts = FactColumns(
        source=["a", "b", "c"],
        bsn=[None, None, None],
        sex=["M", "M", "M"],
        given1=["jan", None, "joost"],
        initial=["j", "j", "j"],
        dob=["1980-05-03"] * 3,
    )
    result = cluster(
        facts,
        edges_left=[0, 1],
        edges_right=[1, 2],
        edges_probability=[0.99, 0.98],
        threshold=0.9,
    )
    assert result.labels[0] == result.labels[1] != result.labels[2]
    assert result.refused == {"andere voornaam": 1}


def test_bsn_pairs_merge_first_despite_spelling():
    facts = FactColumns(
        source=["a", "b"],
        bsn=["111222333", "111222333"],
        sex=[None, None],
        given1=["jan", "piet"],
        initial=["j", "p"],
        dob=[None, None],
    )
    result = cluster(
        facts,
        must_links=[(0, 1)],
        edges_left=[],
        edges_right=[],
        edges_probability=[],
        threshold=0.9,
    )
    assert result.labels[0] == result.labels[1]
