"""Chapter 6's models: TD learning, the cerebellar filter, the motor map, interference, one episode."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from memsim import literature, retention, systems
from memsim.systems import (
    MOVEMENTS,
    CerebellarLearner,
    CerebellarSite,
    ConditioningSchedule,
    Episode,
    InterferenceProtocol,
    MotorMap,
    PracticeSchedule,
    PrismSchedule,
    SequenceTask,
    TDLearner,
    TimeDecay,
    anterograde_interference,
    anterograde_reductions,
    condition,
    develop_map,
    division_of_labour,
    interference_saturation,
    learn_sequence,
    loss_after_rest,
    practise_map,
    representation,
    retrograde_interference,
    session,
    simulate_prism,
    trials_to_fraction,
)

TWO_STATE = retention.SMITH2006_TWO_STATE
INF = math.inf

# ---------------------------------------------------------------- basal ganglia: conditioning


@pytest.fixture(scope="module")
def conditioned():
    return condition(TDLearner(), ConditioningSchedule())


def test_error_starts_at_the_reward_and_moves_to_the_cue(conditioned):
    s = conditioned.schedule
    assert conditioned.at_reward[0] == s.reward_size
    assert abs(conditioned.at_cue[0]) < 1e-12
    assert conditioned.at_cue[-1] > 0.5
    assert abs(conditioned.at_reward[-1]) < 0.05


def test_cue_response_after_learning_is_the_discounted_reward(conditioned):
    s = conditioned.schedule
    expected = s.reward_size * TDLearner().discount ** (s.reward_step - s.cue_step)
    assert conditioned.at_cue[-1] == pytest.approx(expected, abs=1e-3)


@pytest.mark.parametrize("reward_size", [1.0, 2.5])
def test_omitted_reward_dips_by_about_the_reward_at_the_expected_time(reward_size):
    s = ConditioningSchedule(omitted=(180,), reward_size=reward_size)
    run = condition(TDLearner(), s)
    omitted = run.error[180]
    assert int(np.argmin(omitted)) == s.reward_step
    assert omitted.min() == pytest.approx(-reward_size, rel=1e-3)
    # the trial before, with the reward delivered, has no dip
    assert run.error[179].min() > -0.01 * reward_size


def test_longer_reward_delay_moves_the_omission_dip_later_by_its_steps():
    dips = []
    for delay in (0.5, 1.0, 1.5):
        s = ConditioningSchedule(reward_delay_s=delay, omitted=(190,))
        run = condition(TDLearner(), s)
        dips.append(int(np.argmin(run.error[190])))
        assert dips[-1] == s.cue_step + round(delay / s.step_s)
    assert np.diff(dips).tolist() == [10, 10]  # 0.5 s / 0.05 s per step


def test_td0_shifts_gradually_and_td_lambda_hardly_passes_between(conditioned):
    lam = condition(TDLearner(trace_decay=0.9), ConditioningSchedule())
    assert conditioned.intermediate_peak() > 0.3
    assert lam.intermediate_peak() < 0.1
    assert conditioned.intermediate_peak() > 4 * lam.intermediate_peak()
    assert conditioned.transfer_trial() > lam.transfer_trial()


def test_a_schedule_that_validates_keeps_its_reward_inside_the_trial():
    """Rounding must not push the reward past the last step."""
    try:
        s = ConditioningSchedule(reward_delay_s=1.06, step_s=0.1, cue_s=0.16, trial_s=1.32)
    except ValueError as err:  # rejecting it, naming the length of the trial, is also correct
        assert "trial_s" in str(err)
        return
    assert s.cue_step < s.reward_step < s.n_steps
    run = condition(TDLearner(), s)
    assert run.at_reward[0] == s.reward_size


# ---------------------------------------------------------------- basal ganglia: a sequence


@pytest.fixture(scope="module")
def sequence():
    return learn_sequence(TDLearner(), SequenceTask(n_trials=2000))


def test_sequence_is_learned_and_the_error_moves_to_its_start(sequence):
    assert np.all(sequence.p_correct[-1] >= 0.9)
    start = sequence.error[-50:, 0]
    assert start.mean() > 0.5
    # at the start the error is the discounted reward, gamma ** elements
    assert start.mean() == pytest.approx(TDLearner().discount ** sequence.task.n_elements, abs=0.01)
    assert np.nanmean(np.abs(sequence.error[-50:, -1])) < 0.05


def test_last_element_is_learned_no_later_than_the_first(sequence):
    last = sequence.task.n_elements - 1
    assert sequence.learned_trial(last) < sequence.task.n_trials
    assert sequence.learned_trial(last) <= sequence.learned_trial(0)


def test_sequence_same_seed_same_arrays_different_seed_different():
    a = learn_sequence(TDLearner(), SequenceTask(n_trials=300, seed=1))
    b = learn_sequence(TDLearner(), SequenceTask(n_trials=300, seed=1))
    c = learn_sequence(TDLearner(), SequenceTask(n_trials=300, seed=2))
    np.testing.assert_array_equal(a.error, b.error)
    np.testing.assert_array_equal(a.p_correct, b.p_correct)
    np.testing.assert_array_equal(a.completed, b.completed)
    assert not np.array_equal(a.p_correct, c.p_correct)


# ---------------------------------------------------------------- cerebellum


@pytest.mark.parametrize("prism", [17.0, -17.0, 5.0, -40.0])
def test_after_effect_is_opposite_in_sign_to_the_prism(prism):
    run = simulate_prism(CerebellarLearner(), PrismSchedule(prism_deg=prism))
    assert np.sign(run.after_effect) == -np.sign(prism)
    assert run.after_effect_fraction < -0.5


@pytest.mark.parametrize("eta", [None, 0.05, 0.3, 1.0])
def test_one_site_on_one_target_is_the_single_state_model(eta):
    learner = CerebellarLearner() if eta is None else CerebellarLearner.single(eta)
    rate = learner.sites[0].learning_rate
    s = PrismSchedule(prism_deg=12.0, n_before=4, n_prism=25, n_after=3)
    run = simulate_prism(learner, s)
    n = np.arange(s.n_prism + 1)
    expected = s.prism_deg * (1 - (1 - rate) ** n)
    np.testing.assert_allclose(run.correction[s.n_before : s.prism_off + 1], expected, rtol=0, atol=1e-9)
    np.testing.assert_allclose(run.correction[: s.n_before], 0.0, atol=1e-12)


def test_lower_learning_rate_adapts_more_slowly_and_leaves_a_smaller_short_after_effect():
    healthy = CerebellarLearner()
    damaged = healthy.with_learning_rate_scaled(0.3)
    long = PrismSchedule(n_prism=100, n_after=20)
    assert trials_to_fraction(simulate_prism(damaged, long).prism_errors, 0.1) > trials_to_fraction(
        simulate_prism(healthy, long).prism_errors, 0.1
    )
    short = PrismSchedule(n_prism=5)
    assert abs(simulate_prism(damaged, short).after_effect) < abs(simulate_prism(healthy, short).after_effect)


def test_lower_learning_rate_washes_out_more_slowly_after_full_adaptation():
    healthy = CerebellarLearner()
    damaged = healthy.with_learning_rate_scaled(0.3)
    s = PrismSchedule(n_prism=300, n_after=200)
    a, b = simulate_prism(healthy, s), simulate_prism(damaged, s)
    assert a.adapted_fraction > 0.99 and b.adapted_fraction > 0.99
    assert trials_to_fraction(b.after_errors, 0.1) > trials_to_fraction(a.after_errors, 0.1)


def test_two_sites_reproduce_the_two_state_model():
    learner = CerebellarLearner.from_adaptation_model(TWO_STATE, ("cerebellar cortex", "deep nuclei"))
    s = PrismSchedule(prism_deg=-12.0, n_before=5, n_prism=120, n_after=60)
    run = simulate_prism(learner, s)
    expected = retention.simulate_adaptation(TWO_STATE, s.displacement / s.prism_deg)
    np.testing.assert_allclose(run.correction, s.prism_deg * expected.output, rtol=0, atol=1e-9)
    np.testing.assert_allclose(run.site_corrections, s.prism_deg * expected.states, rtol=0, atol=1e-9)


def test_adaptation_generalises_less_to_a_distant_target():
    learner = CerebellarLearner()
    s = PrismSchedule(prism_deg=10.0, n_before=0, n_prism=30, n_after=1)
    transfer = {}
    for test_deg in (0.0, 5.0, 30.0):
        targets = np.concatenate([np.zeros(s.n_prism), [test_deg]])
        transfer[test_deg] = simulate_prism(learner, s, targets).correction[-1]
    assert transfer[0.0] > transfer[5.0] > transfer[30.0] > 0


def test_motor_noise_same_seed_same_errors_different_seed_different():
    learner = CerebellarLearner()
    noisy = [simulate_prism(learner, PrismSchedule(motor_noise_deg=2.0, seed=seed)).error for seed in (3, 3, 4)]
    np.testing.assert_array_equal(noisy[0], noisy[1])
    assert not np.array_equal(noisy[0], noisy[2])
    quiet = [simulate_prism(learner, PrismSchedule(motor_noise_deg=0.0, seed=seed)).error for seed in (3, 4)]
    np.testing.assert_array_equal(quiet[0], quiet[1])


def test_sites_whose_learning_rates_add_up_past_one_are_rejected():
    """Three sites at 0.9 would overcorrect every throw by 170 % and diverge."""
    sites = tuple(CerebellarSite(f"site {i}", 0.9) for i in range(3))
    with pytest.raises(ValueError, match="learning_rate"):
        CerebellarLearner(sites)
    with pytest.raises(ValueError, match="learning_rate"):
        CerebellarLearner((CerebellarSite("a", 0.6), CerebellarSite("b", 0.5)))
    # exactly one correction per throw is the fastest stable learner, and is allowed
    run = simulate_prism(CerebellarLearner((CerebellarSite("a", 0.5), CerebellarSite("b", 0.5))), PrismSchedule())
    assert abs(run.prism_errors[1]) < 1e-12


# ---------------------------------------------------------------- cortex


@pytest.fixture(scope="module")
def practised():
    return practise_map(MotorMap(), PracticeSchedule())


def test_practised_movement_gains_and_the_others_lose(practised):
    name = practised.schedule.practised
    assert practised.change(name) > 0.05
    for other in MOVEMENTS:
        if other != name:
            assert practised.change(other) <= 1e-9, other


@pytest.mark.parametrize("movement", MOVEMENTS)
def test_any_practised_movement_gains_at_its_neighbours_expense(movement):
    run = practise_map(MotorMap(), PracticeSchedule(practised=movement, training_days=20))
    assert run.change(movement) > 0.05
    assert all(run.change(m) <= 1e-9 for m in MOVEMENTS if m != movement)


def test_map_shares_sum_to_one_and_the_map_stays_ordered(practised):
    np.testing.assert_allclose(practised.shares.sum(axis=1), 1.0, atol=1e-12)
    assert np.all(np.diff(practised.preferences) >= 0)


def test_no_extra_use_changes_nothing():
    run = practise_map(MotorMap(), PracticeSchedule(extra_use=0.0, training_days=15, rest_days=5))
    assert np.abs(run.shares - run.shares[0]).max() <= 1e-9


def test_more_extra_use_gives_a_larger_expansion():
    changes = [
        practise_map(MotorMap(), PracticeSchedule(extra_use=e, training_days=20)).change("digits") for e in (0.5, 2, 8)
    ]
    assert 0 < changes[0] < changes[1] < changes[2]


def test_less_use_than_ordinary_shrinks_the_share():
    run = practise_map(MotorMap(), PracticeSchedule(extra_use=-0.9, training_days=20))
    assert run.change("digits") < -0.01


def test_rest_shrinks_the_practised_share_back_towards_its_start():
    days = 30
    run = practise_map(MotorMap(), PracticeSchedule(training_days=days, rest_days=40))
    share = run.of("digits")
    assert np.all(np.diff(share[days:]) <= 1e-12)
    assert share[-1] < share[days]
    assert abs(share[-1] - share[0]) < abs(share[days] - share[0])


def test_representation_rejects_unordered_or_non_finite_preferences():
    with pytest.raises(ValueError, match="ordered"):
        representation(np.array([0.0, 2.0, 1.0, 3.0]))
    with pytest.raises(ValueError, match="finite"):
        representation(np.array([0.0, np.nan, 3.0]))
    with pytest.raises(ValueError, match="finite"):
        representation(np.array([0.0, 1.0, np.inf]))


def test_representation_of_an_evenly_spread_map_gives_the_ends_half_shares():
    # preferences spread evenly from the first movement to the last: the end ones get half a stretch
    shares = representation(np.linspace(0, len(MOVEMENTS) - 1, 601))
    np.testing.assert_allclose(shares, np.array([1, 2, 2, 1]) / 6, atol=1e-3)


def test_develop_map_returns_a_fresh_copy_of_the_cached_map():
    motor_map = MotorMap(n_units=24)
    first = develop_map(motor_map)
    expected = first.copy()
    first[:] = -1.0
    second = develop_map(motor_map)
    assert second is not first
    np.testing.assert_array_equal(second, expected)
    assert second.flags.writeable


# ---------------------------------------------------------------- consolidation


def test_without_decay_the_loss_does_not_depend_on_the_interval():
    decay = TimeDecay((INF, INF))
    runs = [retrograde_interference(TWO_STATE, decay, h) for h in (0.0, 1.0, 4.0, 6.0, 24.0)]
    lost = [run.lost for run in runs]
    np.testing.assert_allclose(lost, lost[0], rtol=0, atol=1e-12)
    assert lost[0] > 0


@pytest.mark.parametrize("taus", [(INF, INF), (22.5, INF), (22.5, 86400.0), (60.0, 36000.0)])
@pytest.mark.parametrize("interval_h", [0.0, 2.0, 6.0, 23.0])
def test_learning_b_reduces_savings_below_the_controls(taus, interval_h):
    run = retrograde_interference(TWO_STATE, TimeDecay(taus), interval_h)
    assert run.savings < run.control_savings
    assert run.control_savings > 0
    assert run.lost == pytest.approx(run.control_savings - run.savings, abs=1e-12)


def test_with_decay_a_longer_interval_protects_a_more():
    decay = TimeDecay((22.5, INF))
    lost = [retrograde_interference(TWO_STATE, decay, h).lost for h in (0.0, 1.0, 24.0)]
    assert lost[0] > lost[1]


def test_nothing_is_lost_when_the_control_forgot_everything_too():
    run = retrograde_interference(TWO_STATE, TimeDecay((60.0, 60.0)), 1.0)
    assert run.control_savings == pytest.approx(0.0, abs=1e-12)
    assert math.isfinite(run.lost) and abs(run.lost) < 1e-9


def test_anterograde_interference_grows_with_the_duration_of_a():
    reductions = [anterograde_interference(TWO_STATE, n).reduction() for n in (13, 41, 112, 230, 369)]
    assert np.all(np.diff(reductions) > 0), reductions


def test_interference_saturation_is_the_first_duration_past_the_fraction():
    longest, fraction, window = 60, 0.9, 25
    n = interference_saturation(TWO_STATE, longest, fraction, window)
    assert 1 <= n <= longest
    b_trials = 4 * window + 200

    def reduction(a):
        return anterograde_interference(TWO_STATE, a, b_trials).reduction(window)

    final = reduction(longest)
    assert reduction(n) >= fraction * final
    if n > 1:
        assert reduction(n - 1) < fraction * final


def test_loss_after_rest_starts_at_zero_grows_and_stays_in_the_unit_interval():
    decay = TimeDecay((22.5, 86400.0))
    seconds = [0.0, 1.0, 10.0, 60.0, 600.0, 3600.0, 86400.0]
    losses = [loss_after_rest(TWO_STATE, decay, 100, s) for s in seconds]
    assert losses[0] == 0.0
    assert np.all(np.diff(losses) > 0), losses
    assert all(0 <= loss <= 1 for loss in losses)


def test_a_process_that_never_decays_loses_nothing():
    model = retention.AdaptationModel((0.99,), (0.1,))
    assert loss_after_rest(model, TimeDecay((INF,)), 50, 86400.0) == 0.0


def test_session_is_the_two_state_update_applied_each_trial():
    initial = np.array([0.1, -0.2])
    a, b = np.asarray(TWO_STATE.retention), np.asarray(TWO_STATE.learning_rate)
    x = initial.copy()
    for _ in range(7):
        x = a * x + b * (0.5 - x.sum())
    np.testing.assert_allclose(session(TWO_STATE, 0.5, 7, initial), x, rtol=0, atol=1e-12)


# ---------------------------------------------------------------- one episode


@pytest.fixture(scope="module")
def episode():
    return division_of_labour(Episode())


def test_cerebellum_learns_first_then_basal_ganglia_then_cortex(episode):
    times = [episode.half_time(w) for w in ("cerebellum", "basal ganglia", "cortex")]
    assert times[0] < times[1] < times[2], times


def test_rewarded_is_one_bool_per_reach(episode):
    assert episode.rewarded.dtype == bool
    assert episode.rewarded.shape == (episode.episode.n_trials,)
    np.testing.assert_array_equal(episode.rewarded, np.abs(episode.error) <= episode.episode.hit_radius_deg)


def test_episode_same_seed_same_result_different_seed_different():
    small = Episode(days=3, trials_per_day=20)
    a, b = division_of_labour(small), division_of_labour(small)
    c = division_of_labour(Episode(days=3, trials_per_day=20, seed=1))
    for field in ("error", "rewarded", "cue_response", "reward_response", "map_share"):
        np.testing.assert_array_equal(getattr(a, field), getattr(b, field))
    assert not np.array_equal(a.error, c.error)


# ---------------------------------------------------------------- properties


@settings(max_examples=25, deadline=None)
@given(
    alpha=st.floats(0.01, 1.0),
    gamma=st.floats(0.01, 1.0),
    lam=st.floats(0.0, 1.0),
    reward=st.floats(0.1, 10.0),
    cue_steps=st.integers(1, 5),
    delay_steps=st.integers(2, 10),
    after_steps=st.integers(1, 4),
    n_trials=st.integers(1, 30),
    omitted=st.sets(st.integers(0, 29), max_size=5),
)
def test_td_values_stay_within_the_reward_and_errors_are_bounded(
    alpha, gamma, lam, reward, cue_steps, delay_steps, after_steps, n_trials, omitted
):
    step = 0.05
    s = ConditioningSchedule(
        reward_delay_s=delay_steps * step,
        n_trials=n_trials,
        omitted=tuple(sorted(t for t in omitted if t < n_trials)),
        step_s=step,
        cue_s=cue_steps * step,
        trial_s=cue_steps * step + delay_steps * step + after_steps * step,
        reward_size=reward,
    )
    run = condition(TDLearner(alpha, gamma, lam), s)
    assert np.all(np.isfinite(run.error)) and np.all(np.isfinite(run.value))
    # each weight moves to a convex mix of its own value and r + gamma * the next one's
    assert run.value.min() >= -1e-12 and run.value.max() <= reward * (1 + 1e-12)
    # delta = r + gamma V(t) - V(t - 1): at most the reward plus the largest value
    assert np.abs(run.error).max() <= reward + np.abs(run.value).max() + 1e-9


@settings(max_examples=25, deadline=None)
@given(
    n_elements=st.integers(2, 5),
    n_actions=st.integers(2, 5),
    n_trials=st.integers(1, 80),
    alpha=st.floats(0.01, 1.0),
    gamma=st.floats(0.01, 1.0),
    actor_rate=st.floats(0.01, 1.0),
    seed=st.integers(0, 10_000),
)
def test_sequence_outputs_are_probabilities_and_bounded_errors(
    n_elements, n_actions, n_trials, alpha, gamma, actor_rate, seed
):
    task = SequenceTask(n_elements, n_actions, n_trials, seed)
    run = learn_sequence(TDLearner(alpha, gamma), task, actor_rate)
    assert np.all((run.p_correct >= 0) & (run.p_correct <= 1))
    assert np.all(np.isfinite(run.error[:, :2]))  # the start and the first choice always happen
    finite = run.error[np.isfinite(run.error)]
    assert np.all(np.abs(finite) <= 1 + 1e-12)  # values stay in [0, 1], the reward is 1
    assert run.completed.dtype == bool and run.completed.shape == (n_trials,)


@settings(max_examples=25, deadline=None)
@given(
    prism=st.floats(0.5, 45.0) | st.floats(-45.0, -0.5),
    eta=st.floats(0.01, 1.0),
    keep=st.floats(0.5, 1.0),
    noise=st.floats(0.0, 3.0),
    seed=st.integers(0, 10_000),
    n_before=st.integers(0, 5),
    n_prism=st.integers(1, 40),
    n_after=st.integers(1, 20),
)
def test_cerebellar_errors_stay_within_the_prism_plus_filtered_noise(
    prism, eta, keep, noise, seed, n_before, n_prism, n_after
):
    s = PrismSchedule(prism, n_before, n_prism, n_after, motor_noise_deg=noise, seed=seed)
    run = simulate_prism(CerebellarLearner.single(eta, keep), s)
    assert np.all(np.isfinite(run.error)) and np.all(np.isfinite(run.site_corrections))
    # Without noise c(n+1) = (a - eta) c(n) + eta p stays between 0 and p, so |e| <= |p|; the noise adds
    # itself and its filtered copy, whose gain is eta / (1 - |a - eta|); 6 sd bounds the scatter.
    gain = eta / (1 - abs(keep - eta))
    assert np.abs(run.error).max() <= abs(prism) + 6 * noise * (1 + gain) + 1e-9


@settings(max_examples=15, deadline=None)
@given(
    n_units=st.integers(8, 30),
    neighbourhood=st.floats(0.5, 2.0),
    rate=st.floats(0.05, 1.0),
    spread=st.floats(0.2, 1.0),
    extra=st.floats(-0.9, 10.0),
    training_days=st.integers(1, 10),
    rest_days=st.integers(0, 5),
    movement=st.sampled_from(MOVEMENTS),
)
def test_map_shares_are_fractions_summing_to_one(
    n_units, neighbourhood, rate, spread, extra, training_days, rest_days, movement
):
    motor_map = MotorMap(n_units, neighbourhood, rate, spread)
    run = practise_map(motor_map, PracticeSchedule(movement, extra, training_days, rest_days))
    assert np.all((run.shares >= 0) & (run.shares <= 1))
    np.testing.assert_allclose(run.shares.sum(axis=1), 1.0, atol=1e-9)
    assert np.all(np.diff(run.preferences) >= 0)


@settings(max_examples=25, deadline=None)
@given(
    fast=st.floats(1.0, 1e6) | st.just(INF),
    slow=st.floats(1.0, 1e7) | st.just(INF),
    interval_h=st.floats(0.0, 48.0),
    n_trials=st.integers(1, 200),
    seconds=st.floats(0.0, 86400.0),
)
def test_interference_quantities_are_finite(fast, slow, interval_h, n_trials, seconds):
    decay = TimeDecay((fast, slow))
    run = retrograde_interference(TWO_STATE, decay, interval_h, InterferenceProtocol(n_trials=n_trials))
    for curve in (run.retest, run.control, run.naive):
        assert np.all(np.isfinite(curve))
    assert all(math.isfinite(x) for x in (run.savings, run.control_savings, run.lost))
    assert 0.0 <= loss_after_rest(TWO_STATE, decay, n_trials, seconds) <= 1.0
    b = anterograde_interference(TWO_STATE, n_trials, 50)
    assert np.all(np.isfinite(b.b_curve)) and np.all(np.isfinite(b.naive_curve))


# ---------------------------------------------------------------- bad input


@pytest.mark.parametrize(
    "call, error, message",
    [
        (lambda: TDLearner(learning_rate=0.0), ValueError, "learning_rate"),
        (lambda: TDLearner(learning_rate=-0.1), ValueError, "learning_rate"),
        (lambda: TDLearner(learning_rate=1.5), ValueError, "learning_rate"),
        (lambda: TDLearner(discount=0), ValueError, "discount"),
        (lambda: TDLearner(trace_decay=1.1), ValueError, "trace_decay"),
        (lambda: TDLearner(learning_rate="0.2"), TypeError, "learning_rate"),
        (lambda: ConditioningSchedule(n_trials=0), ValueError, "n_trials"),
        (lambda: ConditioningSchedule(n_trials=2.0), TypeError, "n_trials"),
        (lambda: ConditioningSchedule(n_trials=10, omitted=(10,)), ValueError, "omitted"),
        (lambda: ConditioningSchedule(n_trials=10, omitted=(-1,)), ValueError, "omitted"),
        (lambda: ConditioningSchedule(reward_size=0.0), ValueError, "reward_size"),
        (lambda: condition(TDLearner(), "schedule"), TypeError, "schedule"),
        (lambda: condition("learner", ConditioningSchedule()), TypeError, "learner"),
        (lambda: SequenceTask(n_trials=0), ValueError, "n_trials"),
        (lambda: SequenceTask(n_elements=1), ValueError, "n_elements"),
        (lambda: learn_sequence(TDLearner(), SequenceTask(), actor_rate=0.0), ValueError, "actor_rate"),
        (lambda: learn_sequence(TDLearner(), "task"), TypeError, "task"),
        (lambda: CerebellarSite("cortex", 0.0), ValueError, "learning_rate"),
        (lambda: CerebellarSite("cortex", 1.2), ValueError, "learning_rate"),
        (lambda: CerebellarSite("cortex", 0.2, retention=0.0), ValueError, "retention"),
        (lambda: CerebellarLearner(()), ValueError, "sites"),
        (lambda: CerebellarLearner().with_learning_rate_scaled(0.0), ValueError, "factor"),
        (lambda: PrismSchedule(prism_deg=0.0), ValueError, "prism_deg"),
        (lambda: PrismSchedule(prism_deg=50.0), ValueError, "prism_deg"),
        (lambda: PrismSchedule(n_prism=0), ValueError, "n_prism"),
        (lambda: PrismSchedule(seed=-1), ValueError, "seed"),
        (lambda: simulate_prism(CerebellarLearner(), "schedule"), TypeError, "schedule"),
        (lambda: simulate_prism(CerebellarLearner(), PrismSchedule(), np.zeros(3)), ValueError, "target_sequence"),
        (lambda: trials_to_fraction([1.0, 0.5], 1.0), ValueError, "fraction"),
        (lambda: MotorMap(rate=0), ValueError, "rate"),
        (lambda: MotorMap(n_units=4), ValueError, "n_units"),
        (lambda: PracticeSchedule(training_days=0), ValueError, "training_days"),
        (lambda: PracticeSchedule(practised="toes"), ValueError, "practised"),
        (lambda: PracticeSchedule(extra_use=-1.0), ValueError, "extra_use"),
        (lambda: practise_map(MotorMap(), PracticeSchedule()).of("toes"), ValueError, "movement"),
        (lambda: practise_map(MotorMap(), "digits"), TypeError, "schedule"),
        (lambda: practise_map(MotorMap(), PracticeSchedule(), start=np.zeros(3)), ValueError, "start"),
        (lambda: develop_map("map"), TypeError, "motor_map"),
        (lambda: develop_map(MotorMap(), days=0), ValueError, "days"),
        (lambda: TimeDecay(()), ValueError, "time_constants_s"),
        (lambda: TimeDecay((10.0, 0.0)), ValueError, "time_constants_s"),
        (lambda: TimeDecay((10.0, float("nan"))), ValueError, "time_constants_s"),
        (lambda: retrograde_interference(TWO_STATE, TimeDecay((INF,)), 1.0), ValueError, "decay"),
        (lambda: retrograde_interference(TWO_STATE, TimeDecay((INF, INF)), -1.0), ValueError, "interval_h"),
        (lambda: retrograde_interference("model", TimeDecay((INF, INF)), 1.0), TypeError, "model"),
        (lambda: anterograde_interference(TWO_STATE, 0), ValueError, "a_trials"),
        (lambda: interference_saturation(TWO_STATE, 1), ValueError, "longest"),
        (lambda: loss_after_rest(TWO_STATE, TimeDecay((INF, INF)), 10, -1.0), ValueError, "seconds"),
        (lambda: session(TWO_STATE, 1.0, 0, np.zeros(2)), ValueError, "n_trials"),
        (lambda: Episode(days=0), ValueError, "days"),
        (lambda: Episode(prism_deg=0.0), ValueError, "prism_deg"),
        (lambda: division_of_labour("episode"), TypeError, "episode"),
        (lambda: division_of_labour(Episode(days=1)).half_time("thalamus"), ValueError, "which"),
    ],
)
def test_bad_input_raises_a_clear_error(call, error, message):
    with pytest.raises(error, match=message):
        call()


def test_the_batched_anterograde_curve_equals_one_run_per_duration():
    model = retention.SMITH2006_TWO_STATE
    durations = np.array([1, 13, 41, 112, 230, 369])
    one_by_one = [anterograde_interference(model, int(n)).reduction(25) for n in durations]
    np.testing.assert_allclose(anterograde_reductions(model, durations, 25), one_by_one, rtol=0, atol=1e-12)


@pytest.mark.parametrize("durations", [np.array([]), np.array([0, 5]), np.array([1.5, 3.0]), np.array([[1, 2]])])
def test_anterograde_reductions_reject_bad_durations(durations):
    with pytest.raises(ValueError, match="durations"):
        anterograde_reductions(retention.SMITH2006_TWO_STATE, durations)


def test_the_chapter_comparisons_have_the_kinds_the_chapter_states():
    assert systems.CEREBELLUM_PROVENANCE.kind("martin1996.throws_to_adapt") == "calibrated"
    assert systems.MAP_PROVENANCE.kind("wenger2017.training_weeks") == "input"
    assert systems.MAP_PROVENANCE.kind("wenger2017.peak_week") == "prediction"
    assert systems.INTERFERENCE_PROVENANCE.kind("sing2010.window") == "input"
    assert systems.INTERFERENCE_PROVENANCE.kind("sing2010.saturation") == "prediction"
    # Smith et al.'s fit was given to the interference model: no comparison with it can be a prediction
    assert systems.INTERFERENCE_PROVENANCE.kind("smith2006.a_slow") == "input"


@pytest.mark.parametrize(
    "model", [systems.CEREBELLUM_PROVENANCE, systems.MAP_PROVENANCE, systems.INTERFERENCE_PROVENANCE]
)
def test_every_chapter_model_declares_every_value_the_chapter_was_set_from(model):
    for key, how in systems.SET_FROM.items():
        assert model.kind(key) == how


def test_the_default_cerebellar_rate_adapts_in_the_middle_of_martins_range():
    run = simulate_prism(CerebellarLearner(), PrismSchedule())
    assert trials_to_fraction(run.prism_errors, systems.ADAPTED) == literature.get("martin1996.throws_to_adapt").value


def test_the_map_is_trained_for_wengers_weeks():
    assert PracticeSchedule().training_days == 7 * literature.get("wenger2017.training_weeks").value
