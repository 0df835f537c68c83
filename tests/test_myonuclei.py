"""Chapter 3's model: the myonuclear domain under training, detraining and retraining."""

from __future__ import annotations

import math
import statistics
import time
from dataclasses import replace

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from memsim import literature, myonuclei
from memsim.myonuclei import BRUUSGAARD, DEFAULT, EGNER, PSILANDER, Phase


@pytest.fixture(scope="module")
def egner():
    return myonuclei.egner_protocol()


# ---- published numbers ------------------------------------------------------


def test_egner_retraining_reproduces_31_percent_within_10_points(egner):
    assert abs(egner["treated_growth_pct"] - 31.0) <= 10.0
    assert literature.compare("egner2013.retrain_treated", egner["treated_growth_pct"]).agrees


def test_egner_controls_grow_less_than_10_percent(egner):
    assert 0.0 <= egner["control_growth_pct"] < 10.0
    assert egner["treated_growth_pct"] > 3 * egner["control_growth_pct"]


def test_egner_steroid_episode_and_recovery(egner):
    assert literature.compare("egner2013.steroid_csa", egner["steroid_area_pct"]).agrees
    assert literature.compare("egner2013.steroid_nuclei", egner["steroid_nuclei_pct"]).agrees
    assert literature.compare("egner2013.recovery_days", egner["recovery_days"]).agrees


def test_nuclei_stay_within_10_percent_of_peak_for_90_days_with_default_half_life():
    traj = myonuclei.simulate(EGNER.treated_schedule()[:2], dt_days=0.25)
    after = traj.t_days >= EGNER.steroid_days
    peak = traj.nuclei[after].max()
    assert np.all(traj.nuclei[after] >= 0.9 * peak)
    assert traj.nuclei[after][-1] > 1.5  # still far above control


def test_short_half_life_loses_the_memory():
    short = myonuclei.egner_protocol(myonuclei.short_half_life())
    assert short["nuclei_kept_pct"] < 70.0
    assert short["treated_growth_pct"] < 10.0


def test_bruusgaard_nuclei_come_before_growth_and_survive_denervation():
    traj = myonuclei.bruusgaard_protocol()
    overload_end = BRUUSGAARD.overload_days
    assert literature.compare("bruusgaard2010.csa_21d", 100 * (traj.at(overload_end)["area"] - 1)).agrees
    assert literature.compare(
        "bruusgaard2009.nuclei_6_10d", 100 * (traj.at(BRUUSGAARD.nuclei_day)["nuclei"] - 1)
    ).agrees
    nuclei_onset = myonuclei.onset_day(traj.t_days, traj.nuclei, BRUUSGAARD.onset_rise)
    growth_onset = myonuclei.onset_day(traj.t_days, traj.area, BRUUSGAARD.onset_rise)
    assert nuclei_onset < growth_onset
    assert literature.compare("bruusgaard2009.growth_onset", growth_onset).agrees
    end = traj.at(overload_end + BRUUSGAARD.denervation_days)
    assert end["area"] < 0.6  # severe atrophy after 3 months of denervation
    assert end["nuclei"] > 0.98 * traj.at(overload_end)["nuclei"]  # ... with the nuclei kept


def test_defaults_are_the_least_squares_fit():
    """Re-fitting from the stored defaults does not find a markedly better fit."""
    cost = lambda p: sum(r**2 for r in myonuclei.fit_residuals(p).values())  # noqa: E731
    refit = myonuclei.fit_defaults()
    assert cost(refit) <= cost(DEFAULT) + 1e-9
    assert cost(refit) >= 0.9 * cost(DEFAULT)


def test_long_half_life_is_derived_from_spalding():
    """One source of truth: the half-life is ln 2 x the table's mean age, whatever that value is."""
    mean_age_years = literature.published("spalding2005.muscle_age")
    assert DEFAULT.half_life_days == pytest.approx(math.log(2) * mean_age_years * 365.25, rel=1e-12)


def test_derived_defaults_follow_the_table():
    assert DEFAULT.tau_atrophy_days == pytest.approx(literature.published("egner2013.recovery_days") / math.log(10))
    assert myonuclei.short_half_life().half_life_days == pytest.approx(EGNER.withdrawal_days / 3)
    assert DEFAULT.max_fusion_per_day == pytest.approx(literature.published("bruusgaard2009.nuclei_6_10d") / 100 / 4)
    weeks = literature.published("seaborne2018.memory_weeks")
    assert DEFAULT.tau_primed_days == pytest.approx(weeks * 7 / math.log(2))


def test_protocols_and_fit_targets_are_read_from_the_table():
    assert (EGNER.steroid_days, EGNER.withdrawal_days, EGNER.overload_days) == (14.0, 90.0, 6.0)
    assert BRUUSGAARD.overload_days == literature.published("bruusgaard2010.overload_days")
    assert (PSILANDER.train_weeks, PSILANDER.detrain_weeks, PSILANDER.retrain_weeks) == (10.0, 20.0, 5.0)
    assert PSILANDER.load == pytest.approx(1 + literature.published("psilander2019.csa_gain") / 100)
    assert dict(myonuclei.FIT_TARGETS) == pytest.approx(
        {
            "egner_steroid_area": 0.77,
            "egner_steroid_nuclei": 0.66,
            "egner_treated_growth": 0.31,
            "bruusgaard_area_21d": 0.35,
            "bruusgaard_nuclei_10d": 0.53,
        }
    )


def test_ceiling_fibre_grows_17_percent_without_nuclei_and_has_no_memory():
    """Psilander-shaped schedule with a domain that may expand 26 % (Kadi's ceiling)."""
    ceiling = myonuclei.with_domain_ceiling()
    assert ceiling.d_max == ceiling.d_thr == pytest.approx(1.26)
    result = myonuclei.regrowth_advantage(params=ceiling, load=PSILANDER.load)
    assert result["trained"].nuclei.max() == pytest.approx(1.0, abs=1e-6)
    assert abs(result["advantage_pp"]) < 0.1


def test_epigenetic_term_speeds_regrowth_without_nuclei():
    ceiling = myonuclei.with_domain_ceiling()
    weeks = (PSILANDER.train_weeks, PSILANDER.detrain_weeks, 1)
    plain = myonuclei.regrowth_advantage(*weeks, ceiling, load=PSILANDER.load)
    primed = myonuclei.regrowth_advantage(*weeks, myonuclei.with_epigenetic_memory(ceiling), load=PSILANDER.load)
    assert primed["advantage_pp"] > plain["advantage_pp"] + 1.0


def test_same_input_same_numbers():
    a = myonuclei.simulate(myonuclei.training_plan(4, 8, 2))
    b = myonuclei.simulate(myonuclei.training_plan(4, 8, 2))
    np.testing.assert_array_equal(a.area, b.area)
    np.testing.assert_array_equal(a.nuclei, b.nuclei)


def test_two_year_schedule_integrates_in_20_ms():
    schedule = myonuclei.BENCHMARK_SCHEDULE
    myonuclei.simulate(schedule)
    times = []
    for _ in range(15):
        start = time.perf_counter()
        myonuclei.simulate(schedule)
        times.append(time.perf_counter() - start)
    # Generous on a loaded CI machine; the budget (20 ms) is measured in the report.
    assert statistics.median(times) < 0.060


# ---- properties over random schedules ---------------------------------------

phases = st.builds(
    Phase,
    kind=st.sampled_from(myonuclei.PHASE_KINDS),
    days=st.floats(min_value=0.0, max_value=120.0),
    load=st.one_of(st.none(), st.floats(min_value=0.0, max_value=3.0)),
)
schedules = st.lists(phases, min_size=1, max_size=6).filter(lambda s: sum(p.days for p in s) > 0)
half_lives = st.one_of(st.just(math.inf), st.floats(min_value=20.0, max_value=1e5))


@settings(max_examples=40, deadline=None)
@given(schedules, half_lives, st.floats(min_value=0.0, max_value=3.0))
def test_area_and_nuclei_stay_finite_and_non_negative(schedule, half_life, gain):
    params = replace(DEFAULT, half_life_days=half_life, epigenetic_gain=gain)
    traj = myonuclei.simulate(schedule, params)
    for values in (traj.area, traj.nuclei, traj.fusion_per_day, traj.primed):
        assert np.all(np.isfinite(values))
        assert np.all(values >= -10 * myonuclei.SOLVER_ATOL)  # solver tolerance, not a real negative


@settings(max_examples=40, deadline=None)
@given(schedules)
def test_with_infinite_half_life_nuclei_never_decrease(schedule):
    traj = myonuclei.simulate(schedule, replace(DEFAULT, half_life_days=math.inf))
    assert np.all(np.diff(traj.nuclei) >= -10 * myonuclei.SOLVER_ATOL)  # solver tolerance


@settings(max_examples=40, deadline=None)
@given(schedules, half_lives, st.floats(min_value=1.0, max_value=1.5))
def test_domain_never_exceeds_what_the_model_allows(schedule, half_life, d_max):
    params = replace(DEFAULT, half_life_days=half_life, d_max=d_max)
    traj = myonuclei.simulate(schedule, params)
    steroid = np.array([traj.phases[i].kind == "steroid" for i in traj.phase_index])
    bound = params.domain_bound()
    assert np.all(traj.domain[~steroid] <= bound * params.steroid_capacity * (1 + 1e-3))
    if not steroid.any():
        assert np.all(traj.domain <= bound * (1 + 1e-3))


# ---- bad input --------------------------------------------------------------


def test_negative_duration_is_rejected():
    with pytest.raises(ValueError, match="days must be in"):
        Phase("overload", -1.0)


def test_unknown_phase_is_rejected():
    with pytest.raises(ValueError, match="kind must be one of"):
        Phase("sprinting", 10.0)


def test_negative_load_is_rejected():
    with pytest.raises(ValueError, match="load must be in"):
        Phase("overload", 10.0, load=-0.5)


def test_other_bad_input():
    with pytest.raises(ValueError, match="half_life_days must be in"):
        replace(DEFAULT, half_life_days=-5.0)
    with pytest.raises(TypeError, match="schedule\\[0\\] must be a Phase"):
        myonuclei.simulate([("overload", 10)])
    with pytest.raises(ValueError, match="at least one Phase"):
        myonuclei.simulate([])
    with pytest.raises(ValueError, match="dt_days must be in"):
        myonuclei.simulate([Phase("overload", 10)], dt_days=0.0)
    with pytest.raises(ValueError, match="d_max must be finite"):
        replace(DEFAULT, d_max=float("nan"))
    with pytest.raises(ValueError, match="retrain_weeks"):
        myonuclei.regrowth_advantage(4, 4, 0)
    with pytest.raises(ValueError, match="ceiling_pct must be in"):
        myonuclei.with_domain_ceiling(ceiling_pct=-1.0)


@pytest.mark.parametrize(
    "t, values, message",
    [
        ([], [], r"t must be a non-empty 1-D array, got shape \(0,\)"),
        ([[0.0, 1.0], [2.0, 3.0]], [[1.0, 1.2], [1.3, 1.4]], r"t must be a non-empty 1-D array, got shape \(2, 2\)"),
        ([0.0, 1.0, 2.0], [1.0, 1.2], r"values must have the shape of t \(3,\), got \(2,\)"),
        ([0.0, 1.0, 2.0], [1.0, float("nan"), 1.2], "values must contain only finite values"),
        ([0.0, 1.0, 2.0], [0.0, 1.0, 1.2], r"values\[0\] must be > 0"),
    ],
)
def test_onset_day_rejects_empty_2d_mismatched_and_non_finite_input(t, values, message):
    with pytest.raises(ValueError, match=message):
        myonuclei.onset_day(np.array(t), np.array(values), 0.1)


def test_onset_day_of_a_valid_trajectory():
    t = np.array([0.0, 1.0, 2.0, 3.0])
    assert myonuclei.onset_day(t, np.array([1.0, 1.05, 1.1, 1.3]), 0.1) == 2.0
    assert myonuclei.onset_day(t, np.array([1.0, 1.0, 1.0, 1.0]), 0.1) == math.inf
