namespace ReviewConsole.Contracts.Rollouts;

public static class RolloutStrategies
{
    public const string Single = "single";
    public const string Shadow = "shadow";
    public const string Canary = "canary";
    public const string BlueGreen = "blue-green";
    public const string AB = "ab";
    public const string Interleaved = "interleaved";

    public static IReadOnlyList<string> All { get; } = [Single, Shadow, Canary, BlueGreen, AB, Interleaved];

    /// <summary>What this release runs; the others are refused with a 400 naming <c>strategy</c>.</summary>
    public static IReadOnlyList<string> Available { get; } = [Single, Shadow, Canary, BlueGreen, AB, Interleaved];

    /// <summary>Strategies in which the challenger decides a sticky share of units.</summary>
    public static bool SplitsUnits(string strategy) => strategy is Canary or AB;
}

public static class RolloutStatuses
{
    public const string Running = "running";
    public const string Paused = "paused";
    public const string Completed = "completed";
    public const string RolledBack = "rolled_back";
    public const string Abandoned = "abandoned";
}

/// <param name="Force">An admin may deploy a version without holdout evidence.</param>
/// <param name="RollbackWindowMinutes">How long the replaced champion stays warm for a one-click rollback (default 60).</param>
/// <param name="UnitKey">Canary: the feature whose value keeps a unit on one arm (a customer id); else the externalId.</param>
/// <param name="Steps">Canary: the challenger's shares in percent (default 1, 5, 10, 25, 50, 100).</param>
/// <param name="Margin">Canary: how much precision the challenger may lose (default 0.02).</param>
/// <param name="MinAudits">Canary: audited challenger items per step (default 50).</param>
/// <param name="DwellMinutes">Canary: minutes per step at least (default 10).</param>
/// <param name="AuditRate">Canary: the share of challenger-decided items audited blind; A/B: of both arms' (default 0.2).</param>
/// <param name="Share">A/B: the share of units the challenger decides, in (0, 1) (default 0.5; 0.1 for a cautious test).</param>
public sealed record StartRolloutRequest(string? Strategy, string? Challenger, string? Justification, bool Force = false,
    int? RollbackWindowMinutes = null, string? UnitKey = null, IReadOnlyList<double>? Steps = null, double? Margin = null,
    int? MinAudits = null, int? DwellMinutes = null, double? AuditRate = null, double? Share = null);

public sealed record RolloutActionRequest(string? Justification);

public sealed record RolloutEntryResponse(string Action, string Actor, string Reason, DateTimeOffset At);

/// <param name="Shadow">While a shadow rollout (or a blue-green of an external green) runs: both versions on the same reviewer-labelled items.</param>
/// <param name="VersionsToScore">
/// While it runs: the versions a client with external models sends a prediction of, per item, in <c>predictions</c>.
/// </param>
/// <param name="Fallbacks">Items the challenger should have decided that came without its prediction: the champion's decided them.</param>
public sealed record RolloutResponse(long Id, string Workflow, string Strategy, string Status, string Challenger, string? Champion,
    string Justification, string StartedBy, DateTimeOffset StartedAt, DateTimeOffset? EndedAt, DateTimeOffset? RollbackUntil,
    IReadOnlyList<RolloutEntryResponse> Ledger, ShadowEvidenceResponse? Shadow = null, WarmUpResponse? WarmUp = null,
    CanaryStateResponse? Canary = null, IReadOnlyList<string>? VersionsToScore = null, long Fallbacks = 0, ExperimentResponse? Experiment = null,
    InterleavingResponse? Interleaving = null);

/// <summary>
/// An interleaved experiment: reviewers' picks from team-draft lists, each credited to the version that contributed
/// the label; picks outside the list credit neither. A sign test on credited picks names the preferred version.
/// </summary>
/// <param name="PickRanks">How many picks fell on each position of the list (1-3); picks outside it are <c>Outside</c>.</param>
public sealed record InterleavingResponse(long Picks, long ChallengerWins, long ChampionWins, long Outside, double? ChallengerShare, double Lower,
    double Upper, double PValue, string Verdict, IReadOnlyDictionary<int, long> PickRanks);

/// <summary>
/// An A/B test's running verdict on its primary metric (precision of auto-decisions from blind audits at partial and
/// full, agreement with reviewers below), with each arm's metrics and the sample-ratio check.
/// </summary>
/// <param name="Verdict">challenger-better, champion-better, no-difference (none larger than the margin) or collecting.</param>
/// <param name="ChecksNeeded">While collecting: about how many more checked decisions (both arms) should settle it at the current rates.</param>
public sealed record ExperimentResponse(double Share, string Metric, string Verdict, double? Difference, double Lower, double Upper, double Margin,
    long? ChecksNeeded, IReadOnlyList<ArmResponse> Arms, SampleRatioResponse SampleRatio);

/// <param name="Rate">The primary metric: checked decisions found right, with its exact 95% interval.</param>
/// <param name="AutomationRate">The share of the arm's items the model decided (coverage).</param>
/// <param name="MedianSecondsToDecision">From arrival to decision, over the arm's decided items.</param>
/// <param name="Agreement">Reviewers agreeing with the arm's suggestion on the items it sent them (not audits), with its exact 95% interval.</param>
public sealed record ArmResponse(string Version, string Role, long Items, long Checked, long Correct, double? Rate, double RateLower, double RateUpper,
    double? AutomationRate, double? MedianSecondsToDecision, long Reviewed = 0, double? Agreement = null, double AgreementLower = 0, double AgreementUpper = 1,
    double AutomationLower = 0, double AutomationUpper = 1);

/// <summary>Units reaching each arm against the configured share (chi-square); a mismatch below p = 0.001 holds the test.</summary>
public sealed record SampleRatioResponse(long Champion, long Challenger, double ExpectedChallengerShare, double ChiSquare, double PValue, bool Mismatch);

/// <summary>
/// Where a canary stands: its share, each arm's human-checked decisions since it started, the always-valid bounds of
/// challenger - champion precision, and what the step rule says now (advance, hold and why, or roll back).
/// </summary>
/// <param name="Timeline">The same evidence as it grew: cumulative counts and bounds at up to 40 moments since the start.</param>
public sealed record CanaryStateResponse(double Percent, int Step, IReadOnlyList<double> Steps, long ChallengerChecked, long ChallengerCorrect,
    long ChampionChecked, long ChampionCorrect, long CheckedThisStep, double? Difference, double Lower, double Upper, string Decision, string Reason,
    long? AuditsNeeded, double Margin = 0.02, IReadOnlyList<CanaryPointResponse>? Timeline = null);

/// <summary>A canary's evidence at one moment: each arm's checked decisions so far and the bounds of the difference then.</summary>
public sealed record CanaryPointResponse(DateTimeOffset At, long ChallengerChecked, long ChallengerCorrect, long ChampionChecked, long ChampionCorrect,
    double? Difference, double Lower, double Upper);

/// <summary>
/// Blue-green's warm-up: green scored a sample of recent items beside blue before taking over. Errors and latency
/// are green's own; agreement is the share of the sample where green's label equals blue's.
/// </summary>
public sealed record WarmUpResponse(int Sample, int Errors, double? P50Milliseconds, double? P99Milliseconds, int Compared, double? AgreementWithBlue);

/// <summary>Two versions on the same items: agreement with reviewers, with each other, and McNemar's exact test.</summary>
public sealed record PairedCountsResponse(string? Slice, long Items, double? ChampionAgreement, double? ChallengerAgreement, double? VersionsAgreement,
    long OnlyChampionRight, long OnlyChallengerRight, double McNemarP);

/// <summary>An item where the versions disagree, for an ML lead to open.</summary>
public sealed record DisagreementResponse(long ItemId, string ExternalId, string Human, string Champion, string Challenger);

public sealed record ShadowEvidenceResponse(PairedCountsResponse Overall, IReadOnlyList<PairedCountsResponse> Slices,
    IReadOnlyList<DisagreementResponse> Disagreements);

/// <summary>
/// Which version decided the workflow's items at a moment (null: none, or only humans). While a canary ran then, its
/// challenger decided <c>ChallengerPercent</c> of units (0 while it was paused) and the champion the rest.
/// </summary>
public sealed record ServedResponse(DateTimeOffset At, string? Version, string? Challenger = null, double? ChallengerPercent = null);
