"""Chapter 6, learner 2: the basal ganglia learn from reward (temporal-difference learning).

Midbrain dopamine neurons fire in a way that matches the error of a
temporal-difference (TD) learner's prediction of reward (Schultz, Dayan &
Montague 1997). The model here is theirs: a cue starts a tapped delay line
(one element active at each time step after the cue, the "complete serial
compound"), the value is a weighted sum of the elements, and the error

    delta(t) = r(t) + gamma V(t) - V(t - 1)

changes the weights of the elements that were active, by a learning rate
``alpha`` times the error. An eligibility trace with decay ``lambda`` (TD(lambda))
lets an error change elements active several steps earlier as well; Pan et
al. (2005) proposed such traces because they saw no response between cue and
reward during learning. With ``lambda = 0`` the error moves back from the
reward to the cue one element at a time, through the times in between. Amo et
al. (2022) did see such a gradual shift. Both results are set beside the
model in the chapter.

The same learner, as the critic of an actor-critic, learns a short sequence of
actions rewarded only at its end (:func:`learn_sequence`).

References
----------
Schultz W, Dayan P, Montague PR (1997). Science 275:1593-1599.
:cite:`schultz1997neural`
Sutton RS, Barto AG (2018). Reinforcement Learning, 2nd ed. MIT Press.
:cite:`sutton2018reinforcement`
Pan W-X, Schmidt R, Wickens JR, Hyland BI (2005). J Neurosci 25:6235-6242.
:cite:`pan2005dopamine`
Amo R et al. (2022). Nat Neurosci 25:1082-1092. :cite:`amo2022gradual`
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from memsim.core.validation import check_integer, check_number, check_seed

__all__ = [
    "CONDITIONING",
    "ConditioningRun",
    "ConditioningSchedule",
    "SequenceRun",
    "SequenceTask",
    "TDLearner",
    "condition",
    "learn_sequence",
]


@dataclass(frozen=True)
class TDLearner:
    """A temporal-difference learner with a tapped-delay-line stimulus representation.

    Attributes
    ----------
    learning_rate : float
        ``alpha``: step size of the weight change per unit of error, in (0, 1].
    discount : float
        ``gamma``: weight of the next time step's value, per step, in (0, 1].
    trace_decay : float
        ``lambda``: decay of the eligibility trace per step, in [0, 1]; 0 is
        TD(0), the model of Schultz, Dayan & Montague.
    """

    learning_rate: float = 0.2
    discount: float = 0.98
    trace_decay: float = 0.0

    def __post_init__(self) -> None:
        check_number("learning_rate", self.learning_rate, low=0.0, high=1.0, low_inclusive=False)
        check_number("discount", self.discount, low=0.0, high=1.0, low_inclusive=False)
        check_number("trace_decay", self.trace_decay, low=0.0, high=1.0)


@dataclass(frozen=True)
class ConditioningSchedule:
    """Trials of classical conditioning: a cue, then a reward after a fixed delay.

    Attributes
    ----------
    reward_delay_s : float
        Time from cue onset to reward (s), in [2 steps, 5 s].
    n_trials : int
        Trials of training (count, at least 1).
    omitted : tuple of int
        Trials (0-based) on which the expected reward is withheld.
    step_s : float
        Duration of one time step of the delay line (s).
    cue_s : float
        Time of cue onset within a trial (s).
    trial_s : float
        Length of a trial (s); it must hold the reward's step.
    reward_size : float
        Reward delivered (arbitrary units, > 0).
    """

    reward_delay_s: float = 1.0
    n_trials: int = 200
    omitted: tuple[int, ...] = ()
    step_s: float = 0.05
    cue_s: float = 0.5
    trial_s: float = 2.5
    reward_size: float = 1.0

    def __post_init__(self) -> None:
        check_number("step_s", self.step_s, low=0.001, high=0.5)
        check_number("reward_delay_s", self.reward_delay_s, low=2 * self.step_s, high=5.0)
        check_integer("n_trials", self.n_trials, low=1, high=100_000)
        check_number("cue_s", self.cue_s, low=self.step_s, high=10.0)
        check_number("trial_s", self.trial_s, low=self.cue_s + self.reward_delay_s + self.step_s, high=30.0)
        check_number("reward_size", self.reward_size, low=0.0, high=100.0, low_inclusive=False)
        if self.reward_step > self.n_steps - 1:
            # the times are rounded to whole steps: check the steps, not the seconds
            raise ValueError(
                f"trial_s must hold the reward's step ({self.reward_step}) in its {self.n_steps} steps, "
                f"got {self.trial_s}"
            )
        object.__setattr__(self, "omitted", tuple(self.omitted))
        for trial in self.omitted:
            check_integer("omitted trial", trial, low=0, high=self.n_trials - 1)

    @property
    def n_steps(self) -> int:
        """Time steps per trial (count)."""
        return int(round(self.trial_s / self.step_s))

    @property
    def cue_step(self) -> int:
        """Time step of cue onset."""
        return int(round(self.cue_s / self.step_s))

    @property
    def reward_step(self) -> int:
        """Time step of the reward."""
        return self.cue_step + int(round(self.reward_delay_s / self.step_s))

    @property
    def times(self) -> np.ndarray:
        """Time of each step relative to cue onset (s)."""
        return (np.arange(self.n_steps) - self.cue_step) * self.step_s


#: Chapter 6's conditioning experiment: 200 trials of cue then reward, the reward
#: withheld on the last, which shows the dip at the time the reward was expected.
CONDITIONING = ConditioningSchedule(n_trials=200, omitted=(199,))


@dataclass(frozen=True)
class ConditioningRun:
    """The prediction error and value of every step of every trial.

    Attributes
    ----------
    schedule : ConditioningSchedule
    error : numpy.ndarray
        Shape ``(trials, steps)``: ``delta`` (the dopamine-like response,
        units of reward).
    value : numpy.ndarray
        Shape ``(trials, steps)``: ``V`` at each step, before that trial's learning.
    """

    schedule: ConditioningSchedule
    error: np.ndarray
    value: np.ndarray

    @property
    def at_cue(self) -> np.ndarray:
        """``delta`` at cue onset, per trial (units of reward)."""
        return self.error[:, self.schedule.cue_step]

    @property
    def at_reward(self) -> np.ndarray:
        """``delta`` at the time of the reward, delivered or omitted, per trial (units of reward)."""
        return self.error[:, self.schedule.reward_step]

    @property
    def between(self) -> np.ndarray:
        """``delta`` at the steps strictly between cue and reward (trials x steps)."""
        s = self.schedule
        return self.error[:, s.cue_step + 1 : s.reward_step]

    def intermediate_peak(self) -> float:
        """Largest ``delta`` between cue and reward on any trial, as a fraction of the reward.

        A gradual (TD(0)-like) shift of the response passes through these
        times; a jump from reward to cue does not.
        """
        return float(max(self.between.max(), 0.0) / self.schedule.reward_size)

    def transfer_trial(self) -> int:
        """First trial on which the response at the cue exceeds that at the reward (count).

        ``n_trials`` if it never does.
        """
        later = np.nonzero(self.at_cue > self.at_reward)[0]
        return int(later[0]) if later.size else self.schedule.n_trials


def condition(learner: TDLearner, schedule: ConditioningSchedule) -> ConditioningRun:
    """Train a TD learner on a conditioning schedule, trial by trial.

    The steps before the cue carry no stimulus, so their value is 0 and the
    cue itself cannot be predicted: after learning, the error at cue onset is
    the discounted value of the coming reward.

    Parameters
    ----------
    learner : TDLearner
    schedule : ConditioningSchedule

    Returns
    -------
    ConditioningRun
    """
    if not isinstance(learner, TDLearner):
        raise TypeError(f"learner must be a TDLearner, got {type(learner).__name__}")
    if not isinstance(schedule, ConditioningSchedule):
        raise TypeError(f"schedule must be a ConditioningSchedule, got {type(schedule).__name__}")
    n_steps, cue = schedule.n_steps, schedule.cue_step
    # One delay-line element per step from cue onset on; V(t) = w[t - cue], and 0 before the cue.
    weights = np.zeros(n_steps - cue)
    omitted = set(schedule.omitted)
    errors = np.zeros((schedule.n_trials, n_steps))
    values = np.zeros((schedule.n_trials, n_steps))
    gamma, alpha, decay = learner.discount, learner.learning_rate, learner.discount * learner.trace_decay
    for trial in range(schedule.n_trials):
        values[trial, cue:] = weights
        reward = np.zeros(n_steps)
        if trial not in omitted:
            reward[schedule.reward_step] = schedule.reward_size
        trace = np.zeros_like(weights)
        errors[trial, cue] = gamma * weights[0]  # nothing predicted the cue: V before it is 0
        for t in range(cue + 1, n_steps):
            delta = reward[t] + gamma * weights[t - cue] - weights[t - 1 - cue]
            errors[trial, t] = delta
            if decay == 0.0:
                # TD(0): only the element active on the previous step is eligible; one scalar
                # update instead of three array operations keeps a live re-run fast
                weights[t - 1 - cue] += alpha * delta
                continue
            trace *= decay
            trace[t - 1 - cue] += 1.0  # the element active on the previous step is eligible
            weights += alpha * delta * trace
    return ConditioningRun(schedule, errors, values)


@dataclass(frozen=True)
class SequenceTask:
    """A chain of choices rewarded only at its end: a short motor sequence.

    At each of ``n_elements`` steps the learner picks one of ``n_actions``;
    one is right, and the others end the attempt without reward.

    Attributes
    ----------
    n_elements : int
        Elements of the sequence (count, 2 to 10).
    n_actions : int
        Choices at each element (count, 2 to 10).
    n_trials : int
        Attempts (count, at least 1). With three options at each of four
        elements a random attempt succeeds once in 81, so learning takes hundreds.
    seed : int
        Seed of the learner's choices.
    """

    n_elements: int = 4
    n_actions: int = 3
    n_trials: int = 1500
    seed: int = 0

    def __post_init__(self) -> None:
        check_integer("n_elements", self.n_elements, low=2, high=10)
        check_integer("n_actions", self.n_actions, low=2, high=10)
        check_integer("n_trials", self.n_trials, low=1, high=100_000)
        check_seed("seed", self.seed)


@dataclass(frozen=True)
class SequenceRun:
    """Trial-by-trial record of an actor-critic learning a sequence.

    Attributes
    ----------
    task : SequenceTask
    error : numpy.ndarray
        Shape ``(trials, elements + 1)``: ``delta`` at the start of the
        sequence (column 0) and after each element (the last column holds
        the error at the reward); NaN where the attempt had already ended.
    p_correct : numpy.ndarray
        Shape ``(trials, elements)``: the actor's probability of the right
        choice at each element, before each trial.
    completed : numpy.ndarray
        Whether each attempt reached the reward.
    """

    task: SequenceTask
    error: np.ndarray
    p_correct: np.ndarray
    completed: np.ndarray

    def learned_trial(self, element: int, criterion: float = 0.9) -> int:
        """First trial on which the right choice at ``element`` has probability ``>= criterion``."""
        check_integer("element", element, low=0, high=self.task.n_elements - 1)
        check_number("criterion", criterion, low=0.0, high=1.0, low_inclusive=False, high_inclusive=False)
        reached = np.nonzero(self.p_correct[:, element] >= criterion)[0]
        return int(reached[0]) if reached.size else self.task.n_trials


def learn_sequence(learner: TDLearner, task: SequenceTask, actor_rate: float = 0.5) -> SequenceRun:
    """An actor-critic learns a sequence: the critic is the TD learner, the actor a softmax policy.

    The critic's value of each element is updated by ``learning_rate`` times
    the error; the actor's preference for the choice just made, by
    ``actor_rate`` times the same error.

    Parameters
    ----------
    learner : TDLearner
        The critic (its ``trace_decay`` is not used: each element is one step).
    task : SequenceTask
    actor_rate : float
        Step size of the actor's preferences per unit of error, in (0, 1].

    Returns
    -------
    SequenceRun
    """
    if not isinstance(learner, TDLearner):
        raise TypeError(f"learner must be a TDLearner, got {type(learner).__name__}")
    if not isinstance(task, SequenceTask):
        raise TypeError(f"task must be a SequenceTask, got {type(task).__name__}")
    check_number("actor_rate", actor_rate, low=0.0, high=1.0, low_inclusive=False)
    rng = np.random.default_rng(task.seed)
    k, m = task.n_elements, task.n_actions
    value = np.zeros(k)
    preference = np.zeros((k, m))  # action 0 is the right one; the learner does not know it
    errors = np.full((task.n_trials, k + 1), np.nan)
    p_correct = np.empty((task.n_trials, k))
    completed = np.zeros(task.n_trials, dtype=bool)
    gamma, alpha = learner.discount, learner.learning_rate
    for trial in range(task.n_trials):
        policy = np.exp(preference - preference.max(axis=1, keepdims=True))
        policy /= policy.sum(axis=1, keepdims=True)
        p_correct[trial] = policy[:, 0]
        # The start of the sequence is not predicted: the error there is the value of element 0.
        errors[trial, 0] = gamma * value[0]
        for element in range(k):
            action = int(rng.choice(m, p=policy[element]))
            last = element == k - 1
            if action != 0:
                reward, following = 0.0, 0.0  # a wrong choice ends the attempt
            else:
                reward, following = (1.0, 0.0) if last else (0.0, value[element + 1])
            delta = reward + gamma * following - value[element]
            errors[trial, element + 1] = delta
            value[element] += alpha * delta
            preference[element, action] += actor_rate * delta
            if action != 0:
                break
            completed[trial] = last
    return SequenceRun(task, errors, p_correct, completed)
