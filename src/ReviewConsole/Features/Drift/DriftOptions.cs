namespace ReviewConsole.Features.Drift;

public sealed class DriftOptions
{
    /// <summary>Width of a profile bucket; windows are resolved to whole buckets.</summary>
    public int BucketSeconds { get; set; } = 300;

    /// <summary>How often the monitor evaluates every workflow with the default windows.</summary>
    public int EvaluateSeconds { get; set; } = 60;

    /// <summary>The default current window (the monitor's, and the drift page's first view): the last this many minutes.</summary>
    public int MonitorMinutes { get; set; } = 60;

    /// <summary>
    /// A reference needs at least this many items, or as many as the current window holds when that is fewer; below
    /// it the report says "not enough reference" instead of comparing.
    /// </summary>
    public int MinimumReferenceItems { get; set; } = 1000;
}
