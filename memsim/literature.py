"""Published measurements that the models are checked against.

Every number the book quotes from a paper lives here once, with its citation
key (present in ``book/references.bib``), where in the paper it comes from,
the tolerance a model must meet to count as reproducing it, and whether we
could verify it against a source we could read. Notebooks glue these values
into the prose; tests compare model output with them.

``verified`` records how the value was checked:

* ``"primary"``: read in the paper itself or its abstract;
* ``"secondary"``: read where another published source quotes the paper
  (the note says which);
* ``"unverified"``: not checked; the text must say so when quoting it.

References
----------
Bi G-q, Poo M-m (1998). J Neurosci 18:10464-10472. :cite:`bi1998synaptic`
Bi G-q, Poo M-m (2001). Annu Rev Neurosci 24:139-166. :cite:`bi2001synaptic`
Pfister J-P, Gerstner W (2006). J Neurosci 26:9673-9682.
:cite:`pfister2006triplets`
Sjöström PJ, Turrigiano GG, Nelson SB (2001). Neuron 32:1149-1164.
:cite:`sjostrom2001rate`
Fusi S, Drew PJ, Abbott LF (2005). Neuron 45:599-611. :cite:`fusi2005cascade`
Smith MA, Ghazizadeh A, Shadmehr R (2006). PLoS Biol 4:e179.
:cite:`smith2006interacting`
Arthur W Jr, Bennett W Jr, Stanush PL, McNelly TL (1998). Hum Perform
11:57-101. :cite:`arthur1998factors`
Tatel CE, Ackerman PL (2025). Psychol Bull. :cite:`tatel2025procedural`
Egner IM, Bruusgaard JC, Eftestøl E, Gundersen K (2013). J Physiol 591:6221-6230.
:cite:`egner2013cellular`
Bruusgaard JC et al. (2010). PNAS 107:15111-15116. :cite:`bruusgaard2010myonuclei`
Bruusgaard JC et al. (2009). J Muscle Res Cell Motil 30:324 (abstract).
:cite:`bruusgaard2009myonuclei`
Spalding KL et al. (2005). Cell 122:133-143. :cite:`spalding2005retrospective`
Psilander N et al. (2019). J Appl Physiol 126:1636-1645. :cite:`psilander2019effects`
Conceição MS et al. (2018). Med Sci Sports Exerc 50:1385-1393. :cite:`conceicao2018muscle`
Seaborne RA et al. (2018). Sci Rep 8:1898. :cite:`seaborne2018human`
Walker MP et al. (2002). Neuron 35:205-211. :cite:`walker2002practice`
Euston DR, Tatsuno M, McNaughton BL (2007). Science 318:1147-1150. :cite:`euston2007fast`
Lee AK, Wilson MA (2002). Neuron. :cite:`lee2002memory`
Davidson TJ, Kloosterman F, Wilson MA (2009). Neuron 63:497-507. :cite:`davidson2009hippocampal`
de Vivo L et al. (2017). Science 355:507-510. :cite:`devivo2017ultrastructural`
Pruszynski JA, Scott SH (2012). Exp Brain Res 218:341-359. :cite:`pruszynski2012optimal`
Kurtzer IL (2015). Front Integr Neurosci 8:99. :cite:`kurtzer2015long`
Falco FJE et al. (1994). Muscle Nerve 17:161-167. :cite:`falco1994h`
Rothwell JC et al. (1982). Brain 105:515-542. :cite:`rothwell1982manual`
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from memsim.validation import check_number

__all__ = ["MEASUREMENTS", "Comparison", "Measurement", "compare", "comparison_table", "get"]

VERIFICATION_LEVELS = ("primary", "secondary", "unverified")


@dataclass(frozen=True)
class Measurement:
    """One published value.

    Attributes
    ----------
    key : str
        Identifier used by notebooks and tests, e.g. ``"bi2001.tau_plus"``.
    description : str
        What was measured, in a few words.
    value : float
        The published value, in ``unit``.
    unit : str
        Unit of ``value`` (``""`` for dimensionless counts and ratios).
    citation : str
        BibTeX key in ``book/references.bib``.
    source : str
        Where in the paper: figure, table, abstract or text.
    rel_tolerance : float
        Relative deviation a model may show and still count as reproducing
        the value (0.1 means within 10 %).
    verified : str
        ``"primary"``, ``"secondary"`` or ``"unverified"``.
    note : str
        How it was verified, and caveats.
    """

    key: str
    description: str
    value: float
    unit: str
    citation: str
    source: str
    rel_tolerance: float
    verified: str
    note: str = ""

    def __post_init__(self) -> None:
        check_number("rel_tolerance", self.rel_tolerance, low=0.0, high=1.0, low_inclusive=False)
        if self.verified not in VERIFICATION_LEVELS:
            raise ValueError(f"verified must be one of {VERIFICATION_LEVELS}, got {self.verified!r}")

    def formatted(self, digits: int = 1) -> str:
        """The value with its unit, e.g. ``"16.8 ms"``; flags unverified values."""
        text = f"{self.value:.{digits}f}" + (f" {self.unit}" if self.unit else "")
        return text + (" (unverified)" if self.verified == "unverified" else "")


# Chapter 2: how the Smith et al. (2006) parameters were checked.
SMITH_NOTE = (
    "Seen as the parameters of public re-implementations of the paper's model (MATLAB "
    "course code in several GitHub repositories: 'Af = 0.92; Bf = 0.03; As = 0.996; "
    "Bs = 0.004' and 'A = 0.99; B = 0.013'), not in the paper itself."
)

# Chapter 1: how the Song et al. (2000) parameters were checked.
SONG_NOTE = (
    "Not read in the paper (only its abstract was visible). Seen as the parameter of "
    "public re-implementations that say they follow Song, Miller & Abbott (2000): a "
    "MATLAB class ('This class defines a model neuron with STDP, as described in Song, "
    "et. al., 2000'), Brian 1 and sPyNNaker scripts."
)

MEASUREMENTS: dict[str, Measurement] = {
    m.key: m
    for m in (
        Measurement(
            key="bi2001.tau_plus",
            description="decay time of the potentiation branch of the STDP window",
            value=16.8,
            unit="ms",
            citation="bi2001synaptic",
            source="exponential fit to the Bi & Poo (1998) data, Annu Rev Neurosci 2001",
            rel_tolerance=0.10,
            verified="secondary",
            note=(
                "Quoted by Pfister & Gerstner (2006), Table 4 caption: 'tau+ = 16.8 ms and "
                "tau- = 33.7 ms are taken from Bi and Poo (2001)'; the same defaults are used "
                "by NEST/NESTML's triplet STDP synapse."
            ),
        ),
        Measurement(
            key="bi2001.tau_minus",
            description="decay time of the depression branch of the STDP window",
            value=33.7,
            unit="ms",
            citation="bi2001synaptic",
            source="exponential fit to the Bi & Poo (1998) data, Annu Rev Neurosci 2001",
            rel_tolerance=0.10,
            verified="secondary",
            note="As for bi2001.tau_plus.",
        ),
        Measurement(
            key="bi1998.n_pairings",
            description="number of spike pairings in the STDP protocol",
            value=60,
            unit="",
            citation="bi1998synaptic",
            source="Fig. 7 caption ('60 pulses at 1 Hz')",
            rel_tolerance=0.01,
            verified="secondary",
            note="Seen quoted from the figure caption, not in the paper itself.",
        ),
        Measurement(
            key="bi1998.pairing_frequency",
            description="frequency of the spike pairings in the STDP protocol",
            value=1.0,
            unit="Hz",
            citation="bi1998synaptic",
            source="Fig. 7 caption ('60 pulses at 1 Hz')",
            rel_tolerance=0.01,
            verified="secondary",
            note="Seen quoted from the figure caption, not in the paper itself.",
        ),
        Measurement(
            key="bi1998.window",
            description="width of the LTP and of the LTD window",
            value=20.0,
            unit="ms",
            citation="bi1998synaptic",
            source="abstract: LTP for postsynaptic spiking 'within a time window of 20 msec "
            "after presynaptic activation', LTD 'within a window of 20 msec before'",
            rel_tolerance=0.5,
            verified="primary",
            note="A window width, not a time constant: the change is significant within it.",
        ),
        Measurement(
            key="sjostrom2001.min_frequency",
            description="lowest pairing frequency tested",
            value=0.1,
            unit="Hz",
            citation="sjostrom2001rate",
            source="pairing protocols at 0.1, 10, 20, 40 and 50 Hz (Methods/Fig. 1)",
            rel_tolerance=0.01,
            verified="secondary",
            note="Seen in a published NEURON model of the experiment, whose comment lists "
            "'5 pairings repeated at 0.1, 10, 20, 40, 50 Hz'.",
        ),
        Measurement(
            key="sjostrom2001.max_frequency",
            description="highest pairing frequency tested",
            value=50.0,
            unit="Hz",
            citation="sjostrom2001rate",
            source="pairing protocols at 0.1, 10, 20, 40 and 50 Hz (Methods/Fig. 1)",
            rel_tolerance=0.01,
            verified="secondary",
            note="As for sjostrom2001.min_frequency.",
        ),
        # ---- Chapter 1, second half: competition (Song 2000) and the practice curve ----
        Measurement(
            key="song2000.n_inputs",
            description="excitatory inputs onto the model neuron",
            value=1000,
            unit="",
            citation="song2000competitive",
            source="Methods (model neuron)",
            rel_tolerance=0.01,
            verified="secondary",
            note=SONG_NOTE,
        ),
        Measurement(
            key="song2000.g_max",
            description="peak excitatory conductance, in units of the leak conductance",
            value=0.015,
            unit="",
            citation="song2000competitive",
            source="Methods (model neuron)",
            rel_tolerance=0.01,
            verified="secondary",
            note=SONG_NOTE,
        ),
        Measurement(
            key="song2000.a_plus",
            description="potentiation per pre-before-post pair, as a fraction of g_max",
            value=0.005,
            unit="",
            citation="song2000competitive",
            source="Methods (STDP rule)",
            rel_tolerance=0.01,
            verified="secondary",
            note=SONG_NOTE,
        ),
        Measurement(
            key="song2000.ltd_ratio",
            description="ratio of depression to potentiation amplitudes, A-/A+",
            value=1.05,
            unit="",
            citation="song2000competitive",
            source="Methods (STDP rule)",
            rel_tolerance=0.01,
            verified="secondary",
            note=SONG_NOTE,
        ),
        Measurement(
            key="song2000.tau_stdp",
            description="STDP time constants, tau+ = tau-",
            value=20.0,
            unit="ms",
            citation="song2000competitive",
            source="Methods (STDP rule)",
            rel_tolerance=0.01,
            verified="secondary",
            note=SONG_NOTE,
        ),
        Measurement(
            key="song2000.n_inhibitory",
            description="inhibitory inputs (not plastic)",
            value=200,
            unit="",
            citation="song2000competitive",
            source="Methods (model neuron)",
            rel_tolerance=0.01,
            verified="secondary",
            note=SONG_NOTE,
        ),
        Measurement(
            key="song2000.inhibitory_rate",
            description="firing rate of each inhibitory input",
            value=10.0,
            unit="Hz",
            citation="song2000competitive",
            source="Methods (model neuron)",
            rel_tolerance=0.01,
            verified="secondary",
            note=SONG_NOTE,
        ),
        Measurement(
            key="song2000.g_inhibitory",
            description="inhibitory conductance per spike, in units of the leak conductance",
            value=0.05,
            unit="",
            citation="song2000competitive",
            source="Methods (model neuron)",
            rel_tolerance=0.01,
            verified="secondary",
            note=SONG_NOTE,
        ),
        Measurement(
            key="song2000.tau_m",
            description="membrane time constant",
            value=20.0,
            unit="ms",
            citation="song2000competitive",
            source="Methods (model neuron)",
            rel_tolerance=0.01,
            verified="secondary",
            note=SONG_NOTE,
        ),
        Measurement(
            key="song2000.v_rest",
            description="resting potential",
            value=-70.0,
            unit="mV",
            citation="song2000competitive",
            source="Methods (model neuron)",
            rel_tolerance=0.01,
            verified="secondary",
            note=SONG_NOTE,
        ),
        Measurement(
            key="song2000.v_threshold",
            description="spike threshold",
            value=-54.0,
            unit="mV",
            citation="song2000competitive",
            source="Methods (model neuron)",
            rel_tolerance=0.01,
            verified="secondary",
            note=SONG_NOTE,
        ),
        Measurement(
            key="song2000.v_reset",
            description="reset potential",
            value=-60.0,
            unit="mV",
            citation="song2000competitive",
            source="Methods (model neuron)",
            rel_tolerance=0.01,
            verified="secondary",
            note=SONG_NOTE,
        ),
        Measurement(
            key="song2000.tau_synapse",
            description="excitatory and inhibitory synaptic time constants",
            value=5.0,
            unit="ms",
            citation="song2000competitive",
            source="Methods (model neuron)",
            rel_tolerance=0.01,
            verified="secondary",
            note=SONG_NOTE,
        ),
        Measurement(
            key="heathcote2000.n_data_sets",
            description="data sets to which power and exponential functions were fitted",
            value=40,
            unit="",
            citation="heathcote2000power",
            source="abstract",
            rel_tolerance=0.01,
            verified="primary",
            note="Abstract, on the publisher's page (doi 10.3758/BF03212979): 'We fit power and exponential functions to 40 sets of data representing 7,910 learning series from 475 subjects in 24 experiments.'",
        ),
        Measurement(
            key="heathcote2000.n_series",
            description="learning series in those data sets",
            value=7910,
            unit="",
            citation="heathcote2000power",
            source="abstract",
            rel_tolerance=0.01,
            verified="primary",
            note="As for heathcote2000.n_data_sets.",
        ),
        Measurement(
            key="heathcote2000.n_subjects",
            description="subjects in those data sets",
            value=475,
            unit="",
            citation="heathcote2000power",
            source="abstract",
            rel_tolerance=0.01,
            verified="primary",
            note="As for heathcote2000.n_data_sets.",
        ),
        Measurement(
            key="heathcote2000.exponential_better_fraction",
            description="fraction of unaveraged data sets that the exponential fitted better than the power function",
            value=1.0,
            unit="",
            citation="heathcote2000power",
            source="abstract",
            rel_tolerance=0.01,
            verified="primary",
            note="Abstract: 'The exponential function fit better than the power function in all the unaveraged data sets.' and 'Averaging produced a bias in favor of the power function.'",
        ),
        # ---- Chapter 2: retention (cascade synapse, two-state model, skill decay) ----
        Measurement(
            key='fusi2005.decay_exponent',
            description="power-law exponent of the cascade model's memory signal",
            value=1.0,
            unit='',
            citation='fusi2005cascade',
            source='memory-signal decay of the cascade model',
            rel_tolerance=0.25,
            verified='unverified',
            note='Could not read the paper. Secondary accounts disagree: some give a 1/t decay, others an exponent of 3/4. The tolerance spans both values (0.75 to 1.25).',
        ),
        Measurement(
            key='smith2006.a_fast',
            description='retention factor of the fast process, per trial',
            value=0.92,
            unit='',
            citation='smith2006interacting',
            source='two-state model fitted to the force-field adaptation data',
            rel_tolerance=0.01,
            verified='secondary',
            note=SMITH_NOTE,
        ),
        Measurement(
            key='smith2006.b_fast',
            description='learning rate of the fast process, per trial',
            value=0.03,
            unit='',
            citation='smith2006interacting',
            source='two-state model fitted to the force-field adaptation data',
            rel_tolerance=0.01,
            verified='secondary',
            note=SMITH_NOTE,
        ),
        Measurement(
            key='smith2006.a_slow',
            description='retention factor of the slow process, per trial',
            value=0.996,
            unit='',
            citation='smith2006interacting',
            source='two-state model fitted to the force-field adaptation data',
            rel_tolerance=0.01,
            verified='secondary',
            note=SMITH_NOTE,
        ),
        Measurement(
            key='smith2006.b_slow',
            description='learning rate of the slow process, per trial',
            value=0.004,
            unit='',
            citation='smith2006interacting',
            source='two-state model fitted to the force-field adaptation data',
            rel_tolerance=0.01,
            verified='secondary',
            note=SMITH_NOTE,
        ),
        Measurement(
            key='smith2006.a_single',
            description='retention factor of the single-state model, per trial',
            value=0.99,
            unit='',
            citation='smith2006interacting',
            source='single-state comparison model',
            rel_tolerance=0.01,
            verified='secondary',
            note=SMITH_NOTE,
        ),
        Measurement(
            key='smith2006.b_single',
            description='learning rate of the single-state model, per trial',
            value=0.013,
            unit='',
            citation='smith2006interacting',
            source='single-state comparison model',
            rel_tolerance=0.01,
            verified='secondary',
            note=SMITH_NOTE,
        ),
        Measurement(
            key='arthur1998.d_immediate',
            description='skill loss immediately after training (effect size d)',
            value=-0.01,
            unit='SD',
            citation='arthur1998factors',
            source="abstract: 'an effect size (d) of -0.01 immediately after training'",
            rel_tolerance=0.5,
            verified='primary',
            note='Abstract read on the Texas A&M VIVO record of the article.',
        ),
        Measurement(
            key='arthur1998.d_after_year',
            description='skill loss after more than 365 days of non-use (effect size d)',
            value=-1.4,
            unit='SD',
            citation='arthur1998factors',
            source="abstract: 'a d of -1.4 after more than 365 days of nonuse'",
            rel_tolerance=0.1,
            verified='primary',
            note='Abstract read on the Texas A&M VIVO record of the article.',
        ),
        Measurement(
            key='arthur1998.d_accuracy',
            description='skill loss on accuracy-based tasks, all intervals (effect size d)',
            value=-1.0,
            unit='SD',
            citation='arthur1998factors',
            source='results for speed- vs accuracy-based tasks',
            rel_tolerance=0.1,
            verified='secondary',
            note="Quoted by B. Caplan, 'Forgetting: the basic facts' (EconLog, 2016; betonit.ai copy): 'the amount of skill decay for accuracy tasks was over three times higher than that of speed tasks (i.e., [effect size] = -1.00 and -0.32, respectively)'.",
        ),
        Measurement(
            key='arthur1998.d_speed',
            description='skill loss on speed-based tasks, all intervals (effect size d)',
            value=-0.32,
            unit='SD',
            citation='arthur1998factors',
            source='results for speed- vs accuracy-based tasks',
            rel_tolerance=0.1,
            verified='secondary',
            note="Quoted by B. Caplan, 'Forgetting: the basic facts' (EconLog, 2016; betonit.ai copy): 'the amount of skill decay for accuracy tasks was over three times higher than that of speed tasks (i.e., [effect size] = -1.00 and -0.32, respectively)'.",
        ),
        Measurement(
            key='tatel2025.half_loss_accuracy',
            description='non-use after which half the gain is lost, accuracy measures',
            value=6.5,
            unit='months',
            citation='tatel2025procedural',
            source='abstract',
            rel_tolerance=0.1,
            verified='primary',
            note='Abstract (PsycInfo record, doi 10.1037/bul0000481) read on a literature index page (m.booksci.cn).',
        ),
        Measurement(
            key='tatel2025.half_loss_speed',
            description='non-use after which half the gain is lost, speed measures',
            value=13.0,
            unit='months',
            citation='tatel2025procedural',
            source='abstract',
            rel_tolerance=0.1,
            verified='primary',
            note='Abstract (PsycInfo record, doi 10.1037/bul0000481) read on a literature index page (m.booksci.cn).',
        ),
        Measurement(
            key='tatel2025.half_loss_mixed',
            description='non-use after which half the gain is lost, mixed measures',
            value=11.0,
            unit='months',
            citation='tatel2025procedural',
            source='abstract',
            rel_tolerance=0.1,
            verified='primary',
            note='Abstract (PsycInfo record, doi 10.1037/bul0000481) read on a literature index page (m.booksci.cn).',
        ),
        Measurement(
            key='tatel2025.rate_accuracy',
            description='growth of the loss per month of non-use, accuracy measures',
            value=0.08,
            unit='SD/month',
            citation='tatel2025procedural',
            source='abstract',
            rel_tolerance=0.1,
            verified='primary',
            note='Abstract (PsycInfo record, doi 10.1037/bul0000481) read on a literature index page (m.booksci.cn).',
        ),
        Measurement(
            key='tatel2025.rate_speed',
            description='growth of the loss per month of non-use, speed and mixed measures',
            value=0.06,
            unit='SD/month',
            citation='tatel2025procedural',
            source='abstract',
            rel_tolerance=0.1,
            verified='primary',
            note='Abstract (PsycInfo record, doi 10.1037/bul0000481) read on a literature index page (m.booksci.cn).',
        ),
        # ---- Chapter 3: myonuclei (Egner 2013, Bruusgaard 2009/2010, human studies) ----
        Measurement(
            key="egner2013.steroid_csa",
            description="fibre CSA after 14 days of testosterone (mouse)",
            value=77.0,
            unit="%",
            citation="egner2013cellular",
            source="abstract/results: CSA +77 % after 14 days of testosterone propionate",
            rel_tolerance=0.15,
            verified="secondary",
            note="Seen quoted with the paper's numbers (77 %, 66 %, 31 %) in a review of the study "
            "on steroidal.com; the J Physiol abstract itself was not readable here.",
        ),
        Measurement(
            key="egner2013.steroid_nuclei",
            description="myonuclei after 14 days of testosterone (mouse)",
            value=66.0,
            unit="%",
            citation="egner2013cellular",
            source="abstract/results: nuclei +66 % after 14 days of testosterone propionate",
            rel_tolerance=0.15,
            verified="secondary",
            note="As for egner2013.steroid_csa.",
        ),
        Measurement(
            key="egner2013.recovery_days",
            description="days after withdrawal until CSA was back to control",
            value=21.0,
            unit="days",
            citation="egner2013cellular",
            source="results: size back to control 'within about 3 weeks' of withdrawal",
            rel_tolerance=0.3,
            verified="secondary",
            note="As for egner2013.steroid_csa ('three weeks after administration ceased, muscle "
            "size decreased to the same size' as controls).",
        ),
        Measurement(
            key="egner2013.withdrawal_days",
            description="withdrawal period during which the extra nuclei persisted",
            value=90.0,
            unit="days",
            citation="egner2013cellular",
            source="Key points: drug 'withdrawn for 3 months ... the excess cell nuclei persisted'",
            rel_tolerance=0.1,
            verified="secondary",
            note="The paper's Key points, reproduced on the senior author's University of Oslo "
            "page (mn.uio.no, 'Key points from the paper').",
        ),
        Measurement(
            key="egner2013.retrain_treated",
            description="CSA growth in 6 days of overload, muscle treated 3 months earlier",
            value=31.0,
            unit="%",
            citation="egner2013cellular",
            source="results: +31 % in 6 days; the Key points round it to 'grew by 30%'",
            rel_tolerance=10.0 / 31.0,
            verified="secondary",
            note="31 % seen on steroidal.com; '30% over 6 days while controls grew insignificantly' "
            "in the Key points on the University of Oslo page. Tolerance: ±10 percentage points.",
        ),
        Measurement(
            key="bruusgaard2010.csa_21d",
            description="fibre CSA after 21 days of overload (mouse EDL, in vivo)",
            value=35.0,
            unit="%",
            citation="bruusgaard2010myonuclei",
            source="Results: 'During the 21-day period, CSA increased 35% from 1,474 ± 93 μm2 to 1,991'",
            rel_tolerance=0.2,
            verified="primary",
            note="Read in copies of the paper's PDF (scribd, studylib).",
        ),
        Measurement(
            key="bruusgaard2009.nuclei_6_10d",
            description="myonuclei after 6-10 days of overload (mouse EDL, in vivo)",
            value=53.0,
            unit="%",
            citation="bruusgaard2009myonuclei",
            source="abstract: 'A 53% increase in the number of nuclei was observed after 6-10 days'",
            rel_tolerance=0.2,
            verified="secondary",
            note="Abstract quoted in full on the myoblast.wordpress.com blog ('Are myonuclei "
            "forever?', 2010). Compared with the model at day 10.",
        ),
        Measurement(
            key="bruusgaard2009.growth_onset",
            description="day on which hypertrophy commenced under overload",
            value=8.0,
            unit="days",
            citation="bruusgaard2009myonuclei",
            source="abstract: 'preceded the hypertrophy that commenced after 8 days'",
            rel_tolerance=0.35,
            verified="secondary",
            note="As for bruusgaard2009.nuclei_6_10d. The model's onset is the day CSA is up 10 %.",
        ),
        Measurement(
            key="spalding2005.muscle_age",
            description="mean age of the cells of adult intercostal muscle",
            value=15.1,
            unit="years",
            citation="spalding2005retrospective",
            source="Results (14C birth dating of genomic DNA)",
            rel_tolerance=0.1,
            verified="secondary",
            note="15.1 years quoted by a Daily Mail report of the work; '15 years' in the Nature "
            "Reviews Molecular Cell Biology research highlight (nrm1730). Not seen in the paper.",
        ),
        Measurement(
            key="psilander2019.csa_gain",
            description="fibre CSA gain in 10 weeks of training, no extra nuclei (human)",
            value=17.0,
            unit="%",
            citation="psilander2019effects",
            source="abstract: 'CSA (~17%) ... increased during T1 ... myonuclear number ... did not change'",
            rel_tolerance=0.3,
            verified="primary",
            note="Abstract read on sciencegate.app and zhixidata.com.",
        ),
        Measurement(
            key="psilander2019.train_weeks",
            description="unilateral training period (T1)",
            value=10.0,
            unit="weeks",
            citation="psilander2019effects",
            source="abstract",
            rel_tolerance=0.01,
            verified="primary",
            note="As for psilander2019.csa_gain.",
        ),
        Measurement(
            key="psilander2019.detrain_weeks",
            description="detraining period (DT)",
            value=20.0,
            unit="weeks",
            citation="psilander2019effects",
            source="abstract",
            rel_tolerance=0.01,
            verified="primary",
            note="As for psilander2019.csa_gain.",
        ),
        Measurement(
            key="psilander2019.retrain_weeks",
            description="bilateral retraining period (T2)",
            value=5.0,
            unit="weeks",
            citation="psilander2019effects",
            source="abstract",
            rel_tolerance=0.01,
            verified="primary",
            note="As for psilander2019.csa_gain.",
        ),
        Measurement(
            key="conceicao2018.ceiling",
            description="hypertrophy above which the domain theory says nuclei are added",
            value=26.0,
            unit="%",
            citation="conceicao2018muscle",
            source="abstract, Introduction: nuclei added 'when increases in fiber CSA ... are ≥26%'",
            rel_tolerance=0.1,
            verified="primary",
            note="PubMed abstract (PMID 29509639). The abstract does not name who proposed the "
            "26 %; the chapter attributes it to Kadi and colleagues without having seen it there.",
        ),
        Measurement(
            key="conceicao2018.low_hypertrophy",
            description="hypertrophy at or below which nuclei were still added (meta-analysis)",
            value=10.0,
            unit="%",
            citation="conceicao2018muscle",
            source="abstract, Results: 'Muscle fiber hypertrophy of ≤10% induces increases in myonuclear content'",
            rel_tolerance=0.1,
            verified="primary",
            note="PubMed abstract (PMID 29509639); 27 studies, 62 groups, 903 subjects.",
        ),
        Measurement(
            key="seaborne2018.cpg_loading",
            description="hypomethylated CpG sites after the first loading (human)",
            value=9153.0,
            unit="CpG sites",
            citation="seaborne2018human",
            source="abstract",
            rel_tolerance=0.01,
            verified="primary",
            note="Abstract on nature.com and the LJMU repository.",
        ),
        Measurement(
            key="seaborne2018.cpg_reloading",
            description="hypomethylated CpG sites after reloading (human)",
            value=18816.0,
            unit="CpG sites",
            citation="seaborne2018human",
            source="abstract",
            rel_tolerance=0.01,
            verified="primary",
            note="As for seaborne2018.cpg_loading.",
        ),
        Measurement(
            key="seaborne2018.memory_weeks",
            description="weeks over which acute-exercise hypomethylation was maintained",
            value=22.0,
            unit="weeks",
            citation="seaborne2018human",
            source="abstract: hypomethylation 'maintained 22 weeks later'",
            rel_tolerance=0.01,
            verified="primary",
            note="As for seaborne2018.cpg_loading.",
        ),
        # ---- Chapter 4: sleep and replay (Walker 2002, Euston 2007, Lee & Wilson 2002,
        # Davidson 2009, de Vivo 2017) ----
        Measurement(
            key="walker2002.sleep_speed_gain",
            description="gain in finger-tapping speed after a night of sleep",
            value=20.0,
            unit="%",
            citation="walker2002practice",
            source="abstract: 'a night of sleep results in a 20% increase in motor speed without "
            "loss of accuracy, while an equivalent period of time during wake provides no "
            "significant benefit'",
            rel_tolerance=0.25,
            verified="primary",
            note="Abstract on the publisher's page (cell.com, Neuron 35:205-211) and the first "
            "page of the paper (scribd copy). Contested: Rickard et al. (2008), Nettersheim et "
            "al. (2015).",
        ),
        Measurement(
            key="euston2007.compression",
            description="time compression of replay in rat prefrontal cortex during sleep",
            value=6.5,
            unit="×",
            citation="euston2007fast",
            source="abstract: 'compressed in time by a factor of 6 to 7'",
            rel_tolerance=0.1,
            verified="primary",
            note="Abstract on scilit.com and peeref.com (Science 318:1147-1150, "
            "doi 10.1126/science.1148979). 6.5 is the middle of the stated range 6-7.",
        ),
        Measurement(
            key="lee2002.compression",
            description="time compression of hippocampal sequence replay in slow-wave sleep",
            value=20.0,
            unit="×",
            citation="lee2002memory",
            source="commonly quoted as 'about 20 times faster'; not seen in the paper",
            rel_tolerance=0.5,
            verified="unverified",
            note="Not found in a readable copy of Lee & Wilson (2002). Only a textbook-style web "
            "page (gridchyn.com, 'The replay') says replay runs 'twenty times faster' and names "
            "Lee and Wilson, without a figure or table.",
        ),
        Measurement(
            key="davidson2009.ripple_min",
            description="shortest duration of hippocampal sharp-wave ripples",
            value=50.0,
            unit="ms",
            citation="davidson2009hippocampal",
            source="Summary: ripple events are 'short-lasting (~50-120 ms), high-frequency (~200 "
            "Hz) oscillations'",
            rel_tolerance=0.01,
            verified="primary",
            note="Summary on cell.com and the MIT open-access copy (Neuron 63:497-507, doi "
            "10.1016/j.neuron.2009.07.027); the paper cites Ylinen et al. (1995) for the range. "
            "A range edge, not a measurement.",
        ),
        Measurement(
            key="davidson2009.ripple_max",
            description="longest duration of hippocampal sharp-wave ripples",
            value=120.0,
            unit="ms",
            citation="davidson2009hippocampal",
            source="Summary: '~50-120 ms'",
            rel_tolerance=0.01,
            verified="primary",
            note="As for davidson2009.ripple_min.",
        ),
        Measurement(
            key="devivo2017.asi_reduction",
            description="smaller axon-spine interface after sleep than after wake (mouse cortex)",
            value=18.0,
            unit="%",
            citation="devivo2017ultrastructural",
            source="abstract: 'The axon-spine interface (ASI) decreased ~18% after sleep compared "
            "with wake ... sparing synapses that were large'",
            rel_tolerance=0.1,
            verified="primary",
            note="Abstract on PubMed/PMC (PMC5313037; Science 355:507-510, doi "
            "10.1126/science.aah5982); 6,920 synapses.",
        ),
        # Chapter 5: sensory input, reflexes and feedback control.
        Measurement(
            key="pruszynski2012.slr_start",
            description="start of the short-latency stretch reflex (SLR) window after a limb perturbation",
            value=20.0,
            unit="ms",
            citation="pruszynski2012optimal",
            source="Introduction, first paragraph: SLR '(20-50 ms post-perturbation)'",
            rel_tolerance=0.01,
            verified="primary",
            note="Read in a copy of the paper's text (Exp Brain Res 218:341-359). A band edge, not a measurement.",
        ),
        Measurement(
            key="pruszynski2012.slr_end",
            description="end of the SLR window (start of the long-latency reflex)",
            value=50.0,
            unit="ms",
            citation="pruszynski2012optimal",
            source="Introduction: SLR '(20-50 ms ...)', LLR '(50-100 ms)'",
            rel_tolerance=0.01,
            verified="primary",
            note=(
                "Pruszynski & Scott end the SLR at 50 ms; Kurtzer (2015) gives 20-45 ms for the same "
                "response, so the boundary between 45 and 50 ms is a convention."
            ),
        ),
        Measurement(
            key="kurtzer2015.slr_end",
            description="end of the SLR window in a later review",
            value=45.0,
            unit="ms",
            citation="kurtzer2015long",
            source="abstract: SLR 'occurs between 20-45 ms following a sudden displacement of the limb'",
            rel_tolerance=0.01,
            verified="primary",
            note="Read in the abstract (Front Integr Neurosci 8:99, doi 10.3389/fnint.2014.00099).",
        ),
        Measurement(
            key="pruszynski2012.llr_end",
            description="end of the long-latency reflex (LLR) window",
            value=100.0,
            unit="ms",
            citation="pruszynski2012optimal",
            source="Introduction: LLR '(50-100 ms)', voluntary response '(>100 ms)'",
            rel_tolerance=0.01,
            verified="primary",
            note="As for pruszynski2012.slr_start; the voluntary response starts where the LLR window ends.",
        ),
        Measurement(
            key="falco1994.h_latency",
            description="soleus (tibial-nerve) H-reflex latency, right leg, healthy adults aged 60-88",
            value=30.8,
            unit="ms",
            citation="falco1994h",
            source="abstract: 'mean H reflex latency was 30.8 (SD = 2.6)' ms; 103 screened individuals aged 60-88",
            rel_tolerance=0.10,
            verified="primary",
            note=(
                "Read in the abstract (Muscle Nerve 1994). Population: elderly; latency correlated with "
                "leg length (r = 0.55), not with age. The tolerance, about one SD, is ours."
            ),
        ),
        Measurement(
            key="falco1994.leg_length_r",
            description="correlation of H-reflex latency with leg length",
            value=0.55,
            unit="",
            citation="falco1994h",
            source="abstract: 'A high correlation (r = 0.55, P < 0.05)'",
            rel_tolerance=0.01,
            verified="primary",
            note="As for falco1994.h_latency; no regression slope is given in the abstract.",
        ),
        Measurement(
            key="rothwell1982.force_hold_s",
            description="time a deafferented man (patient GO) could sustain a constant contraction without vision",
            value=2.0,
            unit="s",
            citation="rothwell1982manual",
            source="Summary: 'inability to sustain constant levels of muscle contraction without visual feedback over periods of more than one or two seconds'",
            rel_tolerance=0.5,
            verified="primary",
            note=(
                "Read in the paper's summary (Brain 105:515-542). The paper gives 'one or two seconds'; "
                "we store the upper end and a 50 % tolerance, which covers 1-3 s."
            ),
        ),
    )
}


def get(key: str) -> Measurement:
    """Return the measurement stored under ``key``.

    Raises
    ------
    KeyError
        If no measurement has that key; the message lists the known keys.
    """
    if not isinstance(key, str):
        raise TypeError(f"key must be a string, got {type(key).__name__}")
    try:
        return MEASUREMENTS[key]
    except KeyError:
        raise KeyError(f"unknown measurement {key!r}; known: {sorted(MEASUREMENTS)}") from None


@dataclass(frozen=True)
class Comparison:
    """A model value set beside a published one."""

    measurement: Measurement
    model_value: float

    @property
    def relative_error(self) -> float:
        """``|model - published| / |published|`` (dimensionless)."""
        return abs(self.model_value - self.measurement.value) / abs(self.measurement.value)

    @property
    def agrees(self) -> bool:
        """Whether the model is within the stored tolerance of the published value."""
        return self.relative_error <= self.measurement.rel_tolerance


def compare(key: str, model_value: float) -> Comparison:
    """Set a model value beside the published value stored under ``key``."""
    value = check_number("model_value", model_value)
    return Comparison(get(key), value)


def comparison_table(comparisons: list[Comparison], digits: int = 1) -> str:
    """A Markdown table of published vs model values, with the verdict per row.

    Citations are rendered with MyST's ``{cite:t}`` role, so the table must be
    shown as Markdown in the book (e.g. with ``IPython.display.Markdown``).
    """
    rows = [
        "| quantity | published | source | model | within tolerance? |",
        "|---|---|---|---|---|",
    ]
    for comparison in comparisons:
        m = comparison.measurement
        unit = f" {m.unit}" if m.unit else ""
        tolerance = f"±{m.rel_tolerance:.0%}"
        verdict = "yes" if comparison.agrees else "no"
        if not math.isfinite(comparison.model_value):
            raise ValueError(f"model value for {m.key} is not finite")
        rows.append(
            f"| {m.description} | {m.formatted(digits)} | {{cite:t}}`{m.citation}` "
            f"| {comparison.model_value:.{digits}f}{unit} | {verdict} ({tolerance}) |"
        )
    return "\n".join(rows)
